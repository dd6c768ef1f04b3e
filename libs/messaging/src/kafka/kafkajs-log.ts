import { Logger } from '@nestjs/common';
import { type logCreator, logLevel } from 'kafkajs';

/**
 * kafkajs's log lines, through the app's logger (pino, JSON) rather than
 * kafkajs's own console output: one format, and a line written inside a trace
 * carries its ids like any other. kafkajs writes at ERROR every error answer
 * it then retries (a group rebalancing, a leader moving): those go out as
 * warnings; what finally fails, the app logs as an error itself.
 */
export const kafkajsLogCreator: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ namespace, level, log }) => {
    // kafkajs's own timestamp and logger name add nothing to pino's.
    const { message, timestamp: _timestamp, logger: _logger, ...fields } = log;
    const entry = { namespace, ...fields };
    if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(entry, message);
    else if (level === logLevel.INFO) logger.log(entry, message);
    else logger.debug(entry, message);
  };
};
