import { Logger } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { kafkajsLogCreator } from './kafkajs-log';

describe('kafkajsLogCreator', () => {
  afterEach(() => jest.restoreAllMocks());

  it("writes kafkajs's lines through the app's logger with their fields and namespace, its errors (retried by kafkajs) as warnings", () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const log = kafkajsLogCreator(logLevel.WARN);
    const entry = (level: logLevel, message: string) => ({ namespace: 'Connection', level, label: 'x', log: { timestamp: 't', logger: 'kafkajs', message, broker: 'b:1' } });
    log(entry(logLevel.ERROR, 'connection lost'));
    log(entry(logLevel.WARN, 'slow'));
    expect(warn).toHaveBeenCalledWith({ namespace: 'Connection', broker: 'b:1' }, 'connection lost');
    expect(warn).toHaveBeenCalledWith({ namespace: 'Connection', broker: 'b:1' }, 'slow');
    expect(error).not.toHaveBeenCalled();
  });
});
