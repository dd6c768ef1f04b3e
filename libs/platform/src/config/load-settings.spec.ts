import { IsInt, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { InvalidSettingsError, loadSettings } from './load-settings';
import { BaseSettings, WithDatabase, WithHttp, WithKafka } from './common-settings';
import { Setting, settingDocs } from './setting.decorator';

class ExampleSettings extends WithDatabase(WithKafka(WithHttp(BaseSettings, 3999))) {
  @Setting({ description: 'How many widgets.' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  WIDGETS = 2;
}

describe(loadSettings.name, () => {
  it('applies defaults when nothing is set', () => {
    const settings = loadSettings(ExampleSettings, {});
    expect(settings).toMatchObject({ PORT: 3999, WIDGETS: 2, KAFKA_BROKERS: '127.0.0.1:9092', LOG_LEVEL: 'info' });
  });

  it('reads and converts values from the environment', () => {
    const settings = loadSettings(ExampleSettings, { PORT: '8080', WIDGETS: '7', KAFKA_BROKERS: 'a:1,b:2' });
    expect(settings.PORT).toBe(8080);
    expect(settings.WIDGETS).toBe(7);
    expect(settings.KAFKA_BROKERS).toBe('a:1,b:2');
  });

  it('names every bad setting and what it expects', () => {
    const attempt = () => loadSettings(ExampleSettings, { PORT: 'eighty', WIDGETS: '99', KAFKA_BROKERS: 'nope', LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(InvalidSettingsError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as InvalidSettingsError).problems.join('\n');
      for (const name of ['PORT', 'WIDGETS', 'KAFKA_BROKERS', 'LOG_LEVEL']) expect(problems).toContain(`${name}=`);
    }
  });

  it('never prints the value of a secret setting', () => {
    try {
      loadSettings(ExampleSettings, { DATABASE_URL: 'mysql://root:hunter2@db/x' });
      throw new Error('expected a failure');
    } catch (error) {
      expect((error as Error).message).toContain('DATABASE_URL=<redacted>');
      expect((error as Error).message).not.toContain('hunter2');
    }
  });

  it('documents every setting, inherited ones included', () => {
    const names = [...settingDocs(ExampleSettings).keys()];
    expect(names).toEqual(expect.arrayContaining(['WIDGETS', 'PORT', 'HOST', 'KAFKA_BROKERS', 'DATABASE_URL', 'LOG_LEVEL']));
  });
});
