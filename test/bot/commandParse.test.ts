import { parseCommand } from '../../src/bot/commands/parse';

describe('parseCommand', () => {
  it('should read a command and its arguments, case-insensitively', () => {
    expect(parseCommand('SpotCheck  alex@contoso.com ')).toEqual({ kind: 'command', name: 'spotcheck', args: 'alex@contoso.com' });
    expect(parseCommand('rollback 2')).toEqual({ kind: 'command', name: 'rollback', args: '2' });
    expect(parseCommand('/status')).toEqual({ kind: 'command', name: 'status', args: '' });
  });

  it('should treat an empty message as help and leftover mention markup as noise', () => {
    expect(parseCommand('')).toEqual({ kind: 'command', name: 'help', args: '' });
    expect(parseCommand('<at>License Bot</at> migrate')).toEqual({ kind: 'command', name: 'migrate', args: '' });
  });

  it('should report an unknown word instead of guessing', () => {
    expect(parseCommand('delete everything')).toEqual({ kind: 'unknown', word: 'delete' });
  });
});
