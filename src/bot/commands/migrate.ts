import type { Command } from './types';

export const migrateCommand: Command = {
  name: 'migrate',
  access: 'operate',
  async run(ctx) {
    await ctx.beginMigration();
  },
};
