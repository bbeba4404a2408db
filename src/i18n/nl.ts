import type { Messages } from './messages';

/**
 * Dutch, in the words of Microsoft's Dutch admin centers: licentie, directe toewijzing, groepsgebaseerde
 * licentieverlening, service-abonnement, goedkeuren, batch. Same keys and placeholders as en.ts (the type and a
 * test hold it to that).
 */
export const nl: Messages = {
  status: {
    run: {
      created: 'aangemaakt',
      prepared: 'voorbereid',
      verified: 'gecontroleerd',
      removing: 'bezig met verwijderen',
      paused: 'gepauzeerd',
      completed: 'voltooid',
      cancelled: 'geannuleerd',
    },
    batch: {
      planned: 'gepland',
      awaitingApproval: 'wacht op goedkeuring',
      approved: 'goedgekeurd',
      rejected: 'afgewezen',
      running: 'wordt uitgevoerd',
      done: 'klaar',
      failed: 'mislukt',
      rolledBack: 'teruggedraaid',
    },
  },
  welcome: {
    title: 'License Migration Bot',
    intro:
      'Ik zet gebruikers met directe licentietoewijzingen over naar groepsgebaseerde licentieverlening, batch voor batch, zonder dat iemand een service kwijtraakt.',
    simulated: 'Verbonden met de gesimuleerde tenant: niets hier raakt een echte directory.',
    fourEyesOff: 'Vier-ogenprincipe staat UIT: de aanvrager van een run mag de batches ervan alleen goedkeuren.',
    commandsHeading: 'Opdrachten',
  },
  commandHelp: {
    migrate: 'Een begeleide migratie starten: SKU, groep, controles, batches.',
    plan: 'De licentieprofielen van de tenant tonen, en de groep die elk profiel nodig heeft.',
    status: 'De huidige run en de voortgang ervan tonen.',
    verify: 'Alle gebruikers binnen het bereik opnieuw indelen en het resultaat tonen.',
    errors: 'Gebruikers tonen bij wie de groepslicentie een fout heeft, met oplossingen.',
    spotcheck: 'De directe en overgenomen services van één gebruiker vergelijken.',
    pause: 'De run pauzeren na de huidige gebruiker.',
    resume: 'Een gepauzeerde run hervatten.',
    cancel: 'De run annuleren; er wordt niets meer verwijderd.',
    rollback: 'Verwijderde directe toewijzingen opnieuw toevoegen voor een batch of de hele run.',
    report: 'Het eindrapport van de run tonen.',
    drift: 'Een voltooide run controleren op nieuwe directe toewijzingen en fouten (de bot controleert dit ook volgens schema).',
    help: 'Deze help tonen.',
  },
  commandUsage: {
    spotcheck: 'spotcheck <gebruiker>',
    rollback: 'rollback [batch]',
    drift: 'drift [run]',
  },
  bot: {
    refused: '{reason} Er is niets gewijzigd.',
    unknownCommand: '"{word}" ken ik niet. Dit kan ik doen:',
    continueFailed: 'De migratie kon niet verder: {failure}',
    commandFailed: '`{command}` kon niet worden uitgevoerd: {failure}',
    actionFailed: "'{verb}' kon niet worden voltooid: {failure}",
    guidedStopped: 'De begeleide migratie is gestopt; er is niets aangemaakt.',
    choiceClosed: 'Die keuze hoort bij een migratie die niet meer open is. Typ `migrate` om opnieuw te beginnen.',
    done: 'Klaar.',
    noted: 'Genoteerd.',
    invokeUnsupported: "Deze bot verwerkt de invoke '{name}' niet.",
    actionNotHandled: "De actie '{verb}' wordt hier niet verwerkt.",
  },
  failure: {
    graph: 'Microsoft Graph heeft de aanvraag niet voltooid ({kind}); er is verder niets gewijzigd. Referentie {reference}.',
    ours: 'Er ging aan onze kant iets mis; er is verder niets gewijzigd. Referentie {reference}.',
  },
  authorization: {
    noTenant: 'Dit gesprek bevat geen tenant-id, en alleen toegestane tenants mogen deze bot gebruiken.',
    tenantNotAllowed: 'Tenant {tenant} mag deze bot niet gebruiken (ALLOWED_TENANT_IDS).',
    noObjectId: 'Je Microsoft Entra-object-id is niet met dit bericht meegestuurd, dus ik kan niet controleren of je een fiatteur bent.',
    approverCheckFailed: 'Ik kon de groep met fiatteurs nu niet controleren ({error}). Probeer het over een minuut opnieuw.',
    notApproverNamed: '{name} is geen fiatteur voor licentiemigraties (APPROVER_IDS / APPROVER_GROUP_ID).',
    notApprover: 'Je bent geen fiatteur voor licentiemigraties (APPROVER_IDS / APPROVER_GROUP_ID).',
    alreadyApproved: 'Je hebt batch {number} al goedgekeurd.',
    alreadyRejected: 'Je hebt batch {number} al afgewezen.',
    requesterAloneRequested: 'Je hebt deze run aangevraagd, dus een andere fiatteur moet deze batch ook goedkeuren (vier-ogenprincipe).',
    requesterAloneShaped:
      'Je hebt keuzes gemaakt die deze run hebben bepaald, dus een andere fiatteur moet deze batch ook goedkeuren (vier-ogenprincipe).',
  },
  runs: {
    listItem: '**{name}** ({status})',
    ambiguous: 'Er is meer dan één run met de naam "{reference}": {list}. Noem er één bij nummer of id, bijvoorbeeld `{example}`.',
    unknownWithList: 'Er is geen run met de naam "{reference}". Recente runs: {list}.',
    unknownNoRuns: 'Er is geen run met de naam "{reference}". Er zijn nog geen runs; typ `migrate` om er een te starten.',
    noneHere: 'Er is nog geen migratierun in dit gesprek. Typ `migrate` om er een te starten.',
  },
  control: {
    alreadyPaused: 'De run is al gepauzeerd',
    alreadyPausedBecause: 'De run is al gepauzeerd: {reason}',
    nothingToPause: 'De run is {status}, dus er valt niets te pauzeren',
    notPaused: 'De run is {status} en niet gepauzeerd, dus er valt niets te hervatten',
    alreadyFinished: 'De run is al {status}',
    nothingTo: {
      pause: 'De run is {status}, dus er valt niets te pauzeren',
      resume: 'De run is {status}, dus er valt niets te hervatten',
      cancel: 'De run is {status}, dus er valt niets te annuleren',
    },
    sentence: '{refusal}.',
    clickChangedNothing: '{refusal}; je klik heeft niets gewijzigd.',
  },
  replies: {
    cancelled:
      'Geannuleerd. Er wordt niets meer verwijderd; gebruikers houden hun groepslicentie. Typ `rollback` om verwijderde directe toewijzingen opnieuw toe te voegen.',
    paused: 'Gepauzeerd. Er wordt geen directe toewijzing meer verwijderd totdat iemand `resume` typt.',
    pausedBy: 'gepauzeerd door {name}',
    pausedByApprover: 'gepauzeerd door een fiatteur',
    resumed: 'Hervat. Elke batch moet nog steeds worden goedgekeurd voordat er iets wordt verwijderd.',
    planNoArgs: '`plan` heeft geen argumenten: het leest elk product van de tenant.',
    planReading: 'Elk product lezen dat de tenant rechtstreeks toewijst…',
    errorsNotPrepared: 'Deze run is nog niet voorbereid, dus geen enkele gebruiker heeft een groepslicentie die een fout kan hebben.',
    errorsNone: 'Geen enkele gebruiker van {sku} heeft een foutstatus of mist services. ✔',
    verifyNotPrepared: 'Deze run is nog niet voorbereid: bevestig eerst de kaart met controles vooraf.',
    verifying: 'De gebruikers van {sku} worden gecontroleerd tegen {group}…',
    spotcheckUsage:
      'Gebruik: `spotcheck` gevolgd door een user principal name of een object-id, bijvoorbeeld `spotcheck alex@contoso.com`.',
    spotcheckBadUser:
      '"{user}" is geen user principal name en geen object-id. Gebruik: `spotcheck` gevolgd door een van beide, bijvoorbeeld `spotcheck alex@contoso.com`.',
    rollbackNoBatch:
      'Er is geen batch "{batch}" in deze run. Gebruik een batchnummer van 1 tot en met {count}, of geen argument voor de hele run.',
    rollbackNotExecuted: 'Batch {number} is {status}; alleen uitgevoerde batches kunnen worden teruggedraaid.',
    rollbackNothing: 'In deze run is geen directe toewijzing verwijderd, dus er valt niets terug te draaien.',
    driftNotRunId: '"{value}" is geen run-id. Gebruik: `drift` voor de run van dit gesprek, of `drift <run-id>` voor een andere.',
    driftNoSuchRun: 'Er is geen migratierun {id}. Er is niets gecontroleerd.',
    driftNoRunHere:
      'Er is nog geen migratierun in dit gesprek, dus er is geen afwijking om te bewaken. Typ `migrate` om er een te starten.',
    driftNotCompleted:
      'Run {run} is {status}, niet voltooid: de afwijkingscontrole begint zodra een run is voltooid. Er is niets gecontroleerd.',
    driftFound: {
      newDirect: { one: '{count} nieuwe directe toewijzing sinds de run', other: '{count} nieuwe directe toewijzingen sinds de run' },
      leftGroup: {
        one: '{count} gebruiker die de groep heeft verlaten maar nog een directe toewijzing heeft',
        other: '{count} gebruikers die de groep hebben verlaten maar nog een directe toewijzing hebben',
      },
      errors: { one: '{count} groepslid met een fout', other: '{count} groepsleden met een fout' },
    },
    driftNone: 'geen afwijking',
    driftListSeparator: ', ',
    driftChecked: '{sku} gecontroleerd voor run {run}: {found}.',
    driftBaseline: '{checked} De afwijkingscontrole van deze run begint nu; volgende controles melden wat er vanaf hier verandert.',
    driftNotice: '{checked} Dat is veranderd sinds de vorige controle, dus er staat een afwijkingskaart in de thread van de run.',
    driftUnchanged: '{checked} Er is niets veranderd sinds de vorige controle, dus geen nieuwe kaart.',
  },
};
