import { ConversationState, UserState, type Storage as BotStorage } from 'botbuilder';
import type { LicensingGraph } from '../graph/licensingGraph';
import type { MigrationEngine } from '../migration/engine';
import type { Journal } from '../migration/store';
import type { Logger } from '../logger';
import { Authorizer, type AuthorizationPolicy } from './authorization';
import { LicenseMigrationBot } from './licenseMigrationBot';
import type { Notifier } from './notifier';
import { RunMessages } from './runMessages';
import type { BotServices, BotSettings } from './services';

export interface CreateBotOptions {
  engine: MigrationEngine;
  graph: LicensingGraph;
  journal?: Journal;
  storage: BotStorage;
  notifier: Notifier;
  policy: AuthorizationPolicy;
  settings: BotSettings;
  logger: Logger;
}

/** The bot and its services over any adapter: CloudAdapter in production, TestAdapter in tests. */
export function createBot(options: CreateBotOptions): { bot: LicenseMigrationBot; services: BotServices } {
  const authorizer = new Authorizer(options.policy, { graph: options.graph, journal: options.journal, logger: options.logger });
  if (authorizer.approversOpen)
    options.logger.warn('APPROVER_IDS and APPROVER_GROUP_ID are empty: every user of an allowed tenant may approve batches');
  const services: BotServices = {
    engine: options.engine,
    graph: options.graph,
    journal: options.journal,
    storage: options.storage,
    authorizer,
    notifier: options.notifier,
    runMessages: new RunMessages(options.storage),
    settings: options.settings,
    logger: options.logger,
  };
  const bot = new LicenseMigrationBot(services, new ConversationState(options.storage), new UserState(options.storage));
  return { bot, services };
}
