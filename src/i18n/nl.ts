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
    migrate: 'Een begeleide migratie starten: de hele tenant of één licentie, groep, controles, batches.',
    plan: 'De licentieprofielen van de tenant tonen, met een groep per profiel, en per profiel een run starten.',
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
    noObjectId: 'Je Microsoft Entra-object-id is niet met dit bericht meegestuurd, dus ik kan niet controleren of je een goedkeurder bent.',
    approverCheckFailed: 'Ik kon de groep met goedkeurders nu niet controleren ({error}). Probeer het over een minuut opnieuw.',
    notApproverNamed: '{name} is geen goedkeurder voor licentiemigraties (APPROVER_IDS / APPROVER_GROUP_ID).',
    notApprover: 'Je bent geen goedkeurder voor licentiemigraties (APPROVER_IDS / APPROVER_GROUP_ID).',
    alreadyApproved: 'Je hebt batch {number} al goedgekeurd.',
    alreadyRejected: 'Je hebt batch {number} al afgewezen.',
    requesterAloneRequested: 'Je hebt deze run aangevraagd, dus een andere goedkeurder moet deze batch ook goedkeuren (vier-ogenprincipe).',
    requesterAloneShaped:
      'Je hebt keuzes gemaakt die deze run hebben bepaald, dus een andere goedkeurder moet deze batch ook goedkeuren (vier-ogenprincipe).',
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
    paused: '**{run}** is gepauzeerd. Er wordt geen directe toewijzing meer verwijderd totdat iemand `resume` typt.',
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
  dialog: {
    noSkus: 'Deze tenant heeft geen SKU-abonnementen voor gebruikers, dus er valt niets te migreren.',
    askSku: 'Welke licentie wil je overzetten naar groepsgebaseerde licentieverlening?',
    nobodyDirect: 'Niemand heeft {sku} als directe toewijzing; er valt niets te migreren.',
    nobodyDirectInherit: {
      one: 'Niemand heeft {sku} als directe toewijzing ({count} gebruiker neemt de licentie al over van een groep); er valt niets te migreren.',
      other:
        'Niemand heeft {sku} als directe toewijzing ({count} gebruikers nemen de licentie al over van een groep); er valt niets te migreren.',
    },
    nothingToMigrate: 'Niets te migreren',
    askGroup:
      'Kies de groep die de licentie krijgt (of geef een nieuwe naam op). In de chat kun je ook een groepsnaam of groeps-id typen, of **new** gevolgd door een naam (bijvoorbeeld `new Licensing E3`).',
    licenseChosen: 'Licentie gekozen',
    licenseChosenText: '{sku}: {holders} in {cohorts}.',
    directHolders: { one: '{count} gebruiker met directe toewijzing', other: '{count} gebruikers met directe toewijzing' },
    cohorts: { one: '{count} cohort', other: '{count} cohorten' },
    runNotCreated: 'Run niet aangemaakt',
    runNotCreatedText: 'De run is niet aangemaakt: {reason} Er is niets gewijzigd; typ `migrate` om opnieuw te beginnen.',
    created: 'Run **{name}** is aangemaakt. Bekijk de controles en bevestig; er is nog niets gewijzigd in de tenant.',
    createdBlocked: {
      one: 'Run **{name}** is aangemaakt. Eerst moet {count} blokkerend probleem worden opgelost; er is niets gewijzigd in de tenant.',
      other:
        'Run **{name}** is aangemaakt. Eerst moeten {count} blokkerende problemen worden opgelost; er is niets gewijzigd in de tenant.',
    },
    groupChosen: 'Groep gekozen',
    groupChosenText: 'Run {name} is aangemaakt (id {id}).',
  },
  runner: {
    couldNot: 'Kon niet {what}',
    work: {
      'prepare the group': 'de groep voorbereiden',
      'continue the batch': 'de batch voortzetten',
      'run the approved batch': 'de goedgekeurde batch uitvoeren',
      'continue the run': 'de run voortzetten',
      'verify the run': 'de run controleren',
      'roll back': 'terugdraaien',
      'reprocess users': 'gebruikers opnieuw verwerken',
    },
    preparationResumed: 'De voorbereiding gaat verder na een herstart; niets wordt dubbel gedaan.',
    noBatch:
      'Nog geen enkele gebruiker is klaar om de directe toewijzing te verliezen, dus er is geen batch om goed te keuren. Los de problemen van de gebruikers hierboven op en typ `verify`.',
    rulesFourEyes: {
      one: 'Elke batch heeft {count} goedkeuring nodig en de aanvrager kan niet alleen goedkeuren.',
      other: 'Elke batch heeft {count} goedkeuringen nodig en de aanvrager kan niet alleen goedkeuren.',
    },
    rulesNoFourEyes: {
      one: 'Elke batch heeft {count} goedkeuring nodig (vier-ogenprincipe uit).',
      other: 'Elke batch heeft {count} goedkeuringen nodig (vier-ogenprincipe uit).',
    },
    batchPlan: {
      one: 'Batchplan: {count} batch van {sizes} gebruikers, de canary-batch eerst. {rules}',
      other: 'Batchplan: {count} batches van {sizes} gebruikers, de canary-batch eerst. {rules}',
    },
    canaryBatch: 'De canary-batch',
    batchOf: 'Batch {number} van {total}',
    batchResumed: {
      one: '{name} gaat verder na een herstart: {done} van {count} gebruiker was al klaar. Niemand wordt dubbel verwerkt.',
      other: '{name} gaat verder na een herstart: {done} van {count} gebruikers waren al klaar. Niemand wordt dubbel verwerkt.',
    },
    pausedTitle: 'Run gepauzeerd',
    pausedText: '{reason} Er wordt niets meer verwijderd. Typ `resume` zodra het veilig is om door te gaan.',
    seeBatchResult: 'Zie het batchresultaat.',
  },
  licenseErrors: {
    CountViolation: {
      cause: 'Er zijn niet genoeg licenties beschikbaar voor de groepstoewijzing.',
      short: 'niet genoeg eenheden',
      fix: 'Koop licenties van deze SKU of maak er vrij, en verwerk daarna de groepslicentie opnieuw.',
    },
    MutuallyExclusiveViolation: {
      cause: 'Een service-abonnement conflicteert met een abonnement dat de gebruiker al heeft.',
      short: 'een service-abonnement conflicteert met een ander product dat ze hebben',
      fix: 'Verwijder de conflicterende licentie van de gebruiker of schakel het conflicterende abonnement uit op de groep.',
    },
    DependencyViolation: {
      cause: 'Een service-abonnement heeft een ander abonnement nodig dat niet is ingeschakeld.',
      short: 'een service-abonnement heeft een ander abonnement nodig dat niet is ingeschakeld',
      fix: 'Schakel het vereiste abonnement in op de groepslicentie.',
    },
    ProhibitedInUsageLocationViolation: {
      cause: 'Een service-abonnement is niet beschikbaar op de gebruikslocatie van de gebruiker.',
      short: 'een service-abonnement is niet beschikbaar op hun gebruikslocatie',
      fix: 'Stel een ondersteunde gebruikslocatie in op de gebruiker of schakel dat abonnement uit op de groep.',
    },
    UniquenessViolation: {
      cause: 'Een uniek kenmerk (zoals een proxyadres) conflicteert met een ander object.',
      short: 'een uniek kenmerk (zoals een proxyadres) conflicteert met een ander object',
      fix: 'Los het dubbele kenmerk op de gebruiker op en verwerk daarna opnieuw.',
    },
    Other: {
      cause: 'Entra ID kon de groepslicentie niet toepassen.',
      short: 'Entra ID kon de groepslicentie niet toepassen',
      fix: 'Open de licenties van de gebruiker in het Entra-beheercentrum voor details en verwerk daarna opnieuw.',
    },
    None: { cause: 'Geen fout gemeld.', short: 'geen fout gemeld', fix: 'Controleer opnieuw.' },
    unknown: { cause: 'Entra ID meldde {code}.', short: 'Entra ID meldde {code}' },
  },
  actions: {
    staleRunCard: {
      pause:
        'Die kaart was verouderd (de run is gewijzigd sinds de kaart werd getoond), dus je klik heeft niets veranderd. Dit is de huidige status; klik opnieuw op Pauzeren als je de run toch wilt pauzeren.',
      resume:
        'Die kaart was verouderd (de run is gewijzigd sinds de kaart werd getoond), dus je klik heeft niets veranderd. Dit is de huidige status; klik opnieuw op Hervatten als je de run toch wilt hervatten.',
      cancel:
        'Die kaart was verouderd (de run is gewijzigd sinds de kaart werd getoond), dus je klik heeft niets veranderd. Dit is de huidige status; klik opnieuw op Run annuleren als je de run toch wilt annuleren.',
    },
    staleCard:
      'Die kaart was verouderd (de run is gewijzigd sinds de kaart werd getoond), dus je klik heeft niets veranderd. Dit is de huidige status; klik opnieuw als je toch wilt doorgaan.',
    staleApproval:
      'Die kaart was verouderd, dus je klik heeft niets veranderd. Dit is de huidige status; beslis opnieuw als je dat nog steeds wilt.',
    notHandled: "De actie '{verb}' wordt hier niet afgehandeld.",
    failed: "Kon '{verb}' niet voltooien: {failure}",
    nothingChanged: '{reason} Er is niets gewijzigd.',
    noRun: 'Er is geen migratierun {run}. Er is niets gewijzigd.',
    noBatchReplanned: 'Run {run} heeft geen batch {batch} (misschien is die opnieuw gepland). Er is niets gewijzigd.',
    noBatch: 'Run {run} heeft geen batch {batch}. Er is niets gewijzigd.',
    alreadyDecided: 'Over deze batch is al beslist ({status}); je klik heeft niets veranderd.',
    notRunning: 'De run is {status}; batches kunnen alleen worden goedgekeurd terwijl de run loopt. Er is niets gewijzigd.',
    notRunningBecause:
      'De run is {status} ({reason}); batches kunnen alleen worden goedgekeurd terwijl de run loopt. Er is niets gewijzigd.',
    anApprover: 'een goedkeurder',
    AnApprover: 'Een goedkeurder',
    rejectedNotice: 'Afgewezen door {who}. De run is gepauzeerd; er wordt niets uit deze batch verwijderd.',
    rejectedSay: 'Batch {number} is afgewezen door {who}; de run is gepauzeerd. Typ `resume` om door te gaan met een nieuwe goedkeuring.',
    approvedNotice: 'Goedgekeurd door {names}. Directe toewijzingen worden nu verwijderd…',
    approvalRecorded: 'Goedkeuring vastgelegd ({count} van {required}).',
    approvalRecordedFourEyes: 'Goedkeuring vastgelegd ({count} van {required}). De aanvrager kan niet alleen goedkeuren.',
    alreadyConfirmedTitle: 'Al bevestigd',
    alreadyConfirmed: 'Run {run} is {status}; de kaart met controles vooraf is eerder bevestigd. Typ `status` om de run te zien.',
    blockers: {
      one: 'Er moet een blokkerend probleem worden opgelost voordat de run kan starten; er is niets gewijzigd. Los het op en klik opnieuw op Bevestigen.',
      other:
        'Er moeten {count} blokkerende problemen worden opgelost voordat de run kan starten; er is niets gewijzigd. Los ze op en klik opnieuw op Bevestigen.',
    },
    confirmedTitle: 'Bevestigd',
    confirmed: 'Bevestigd door {who}. {group} wordt voorbereid en {sku} wordt toegewezen; er wordt nog geen directe toewijzing aangeraakt.',
    theGroup: 'De groep',
    clickChangedNothing: '{refusal}; je klik heeft niets veranderd.',
    pausedSay: '{who} heeft de run gepauzeerd. Er wordt niets meer verwijderd totdat iemand de run hervat.',
    nothingToCancel: 'Niets te annuleren',
    cancelledTitle: 'Geannuleerd',
    cancelled: '{who} heeft run {run} geannuleerd. Er wordt niets meer verwijderd.',
    rollbackDone: {
      one: 'Terugdraaien voltooid: {count} directe toewijzing opnieuw toegevoegd.',
      other: 'Terugdraaien voltooid: {count} directe toewijzingen opnieuw toegevoegd.',
    },
    rollbackPartly: 'Terugdraaien voltooid: {restored} directe toewijzing(en) opnieuw toegevoegd, {failed} niet (zie `report`).',
    rollingBackTitle: 'Terugdraaien',
    rollingBackBatch:
      '{who} is begonnen met het terugdraaien van batch {batch}. Directe toewijzingen worden opnieuw toegevoegd met hun vastgelegde uitgeschakelde abonnementen.',
    rollingBackRun:
      '{who} is begonnen met het terugdraaien van run {run}. Directe toewijzingen worden opnieuw toegevoegd met hun vastgelegde uitgeschakelde abonnementen.',
    cannotReprocess:
      'Run {run} is {status}: de gebruikers ervan kunnen niet vanuit deze run opnieuw worden verwerkt. Er is niets gewijzigd.',
    strangers: {
      one: '{count} gebruiker op die kaart hoort niet bij de gebruikers met fouten van run {run} ({users}); de kaart is misschien verouderd of van een andere run. Typ `errors` voor een nieuwe kaart. Er is niets gewijzigd.',
      other:
        '{count} gebruikers op die kaart horen niet bij de gebruikers met fouten van run {run} ({users}); de kaart is misschien verouderd of van een andere run. Typ `errors` voor een nieuwe kaart. Er is niets gewijzigd.',
    },
    reprocessBusy:
      'Gebruikers van deze run worden al opnieuw verwerkt; deze kaart wordt bijgewerkt zodra Entra ze heeft verwerkt. Er is niets extra gestart.',
    reprocessAsked: {
      one: '{who} heeft Entra gevraagd {count} gebruiker opnieuw te verwerken. Deze kaart wordt bijgewerkt zodra Entra die heeft verwerkt; er wordt niets toegewezen of verwijderd.',
      other:
        '{who} heeft Entra gevraagd {count} gebruikers opnieuw te verwerken. Deze kaart wordt bijgewerkt zodra Entra ze heeft verwerkt; er wordt niets toegewezen of verwijderd.',
    },
    reprocessedSay: '{who} heeft gebruikers van run {run} opnieuw verwerkt. {summary}',
    reprocessDone: 'Opnieuw verwerken voltooid: {parts}.',
    resolved: { one: '{count} gebruiker heeft geen fout meer', other: '{count} gebruikers hebben geen fout meer' },
    stillInError: { one: '{count} gebruiker heeft nog een fout ({codes})', other: '{count} gebruikers hebben nog een fout ({codes})' },
    unsettled: {
      one: '{count} gebruiker nog niet door Entra verwerkt (typ later `errors`)',
      other: '{count} gebruikers nog niet door Entra verwerkt (typ later `errors`)',
    },
    refused: { one: '{count} gebruiker geweigerd door Graph ({users})', other: '{count} gebruikers geweigerd door Graph ({users})' },
    notInError: {
      one: '{count} gebruiker had vóór de aanvraag al geen fout meer en is dus niet verzonden',
      other: '{count} gebruikers hadden vóór de aanvraag al geen fout meer en zijn dus niet verzonden',
    },
    followUpNotCompleted: 'Run {run} is {status}; een vervolgrun start vanuit een voltooide run. Er is niets gewijzigd.',
    followUpExists:
      'Run {later} ({status}) volgt al op run {run} voor {sku} en {group}; typ `status` om die te zien. Er is niets gewijzigd.',
    followUpExistsNewer:
      'Een nieuwere run volgt al op run {run} voor {sku} en {group}; typ `status` om die te zien. Er is niets gewijzigd.',
    followUpCreated: {
      one: 'Vervolgrun {created} aangemaakt vanuit run {run}. Eerst moet {count} blokkerend probleem worden opgelost; er is nog niets gewijzigd in de tenant.',
      other:
        'Vervolgrun {created} aangemaakt vanuit run {run}. Eerst moeten {count} blokkerende problemen worden opgelost; er is nog niets gewijzigd in de tenant.',
    },
    followUpCreatedClear:
      'Vervolgrun {created} aangemaakt vanuit run {run}. Bekijk de controles en bevestig; er is nog niets gewijzigd in de tenant.',
    followUpNoPreflight:
      'Vervolgrun {run} is aangemaakt, maar de controles vooraf konden niet worden getoond: {failure} Typ `status` om de run te zien.',
    profileRunTitle: 'Profielrun aangemaakt',
    profileRunCreated:
      '{who} heeft run {run} aangemaakt voor {products} naar {group}. De kaart met controles vooraf volgt; er is nog niets gewijzigd in de tenant, en elke batch heeft zoals gewoonlijk goedkeuring nodig.',
    profileRunNoPreflight:
      'Run {run} is aangemaakt, maar de controles vooraf konden niet worden getoond: {failure} Typ `status` om de run te zien.',
    profileRunIntro: {
      one: 'Run {run} aangemaakt voor licentieprofiel {products}. Eerst moet {count} blokkerend probleem worden opgelost; er is nog niets gewijzigd in de tenant.',
      other:
        'Run {run} aangemaakt voor licentieprofiel {products}. Eerst moeten {count} blokkerende problemen worden opgelost; er is nog niets gewijzigd in de tenant.',
    },
    profileRunIntroClear:
      'Run {run} aangemaakt voor licentieprofiel {products}. Bekijk de controles en bevestig; er is nog niets gewijzigd in de tenant.',
    followUpStartedTitle: 'Vervolgrun gestart',
    followUpStarted:
      '{who} heeft run {run} gestart voor {sku} naar {group}. De kaart met controles vooraf volgt; elke batch heeft zoals gewoonlijk goedkeuring nodig.',
  },
  input: {
    unknownAction: 'Onbekende kaartactie {verb}. Deze kaart is misschien verouderd; vraag de bot om een nieuwe.',
    missingVerb: 'een ontbrekende actie',
    notObject: "De gegevens van '{verb}' moeten een object zijn.",
    notJson: "De gegevens van '{verb}' zijn geen geldige JSON.",
    tooLarge: "De gegevens van '{verb}' zijn te groot ({size} tekens; maximaal {max}).",
    groupBoth: 'Kies een bestaande groep of typ een nieuwe groepsnaam, niet allebei.',
    groupNeither: 'Kies een bestaande groep of typ een naam voor een nieuwe groep.',
    unexpectedFields: 'onverwachte velden {fields}; een kaart bevat alleen id’s',
    refused: "'{verb}' geweigerd: {reason}.",
    fieldMissing: '{field} ontbreekt',
    fieldInvalid: '{field} is ongeldig',
    otherStep: 'Die knop hoort bij een andere stap; ik wacht op je antwoord op de laatste kaart ({verb}).',
    skuUnknown: 'SKU {sku} is geen van de SKU-abonnementen van deze tenant.',
    skuTyped: '"{text}" is geen SKU met abonnement. Klik op Kiezen op de kaart, of typ een van: {names}. Typ `cancel` om te stoppen.',
    otherSkuCard: 'Die kaart hoort bij een andere SKU-keuze; gebruik de nieuwste cohortkaart.',
    unknownCohort: 'Dat cohort is geen van de cohorten die voor deze SKU zijn gevonden.',
    noGroupId: 'Er is geen groep met de id {id} in deze tenant. Kies een groep uit de lijst of typ de naam ervan.',
    groupHow:
      'Typ de naam of id van een bestaande beveiligingsgroep, of **new** gevolgd door een naam om er een te maken (bijvoorbeeld `new Licensing E3`).',
    groupNameLong: 'Een groepsnaam mag maximaal 256 tekens hebben.',
    noGroupNamed:
      'Er is geen groep met de naam "{name}". Typ **new {name}** om die te maken, of de exacte naam of id van een bestaande groep.',
    ambiguousGroup: '{count} groepen hebben de naam "{name}"; typ de id van de groep die je bedoelt: {ids}.',
  },
  pause: {
    canary: 'de canary-batch',
    batch: 'batch {number}',
    batchProblem: '{batch} gaf een onverwacht resultaat: {detail}',
    problem: {
      user: '{user}: {cause}',
      group: 'het verwijderen stopte voor de volgende gebruikers: {problem}',
      waited: '{problem}, na {seconds} s wachten',
      settleRestored: {
        one: 'de nacontrole vond {count} gebruiker zonder een service nadat de groepsverwerking klaar was ({users}); {readd}',
        other: 'de nacontrole vond {count} gebruikers zonder een service nadat de groepsverwerking klaar was ({users}); {readd}',
      },
      moreUsers: '{users}, …',
      reAdded: 'hun directe toewijzing is teruggezet',
      notReAdded: 'de directe toewijzing kon voor sommigen NIET worden teruggezet',
      settleIncomplete: 'de nacontrole is niet afgerond: {gap}; controleer de verwijderde gebruikers voordat je meer goedkeurt',
      unread: '{user} kon niet opnieuw worden gelezen ({failure})',
    },
    rejected: '{batch} is afgewezen door {by}',
    rejectedBecause: '{batch} is afgewezen door {by}: {reason}',
    rolledBackBatch: '{batch} is teruggedraaid door {by}',
    rolledBackRun: 'de run is teruggedraaid door {by}',
    pausedBy: 'gepauzeerd door {by}',
  },
  findings: {
    skuNotAssignable: {
      message: '{sku} kan niet aan gebruikers worden toegewezen (appliesTo {appliesTo}, status {status}).',
      fix: 'Kies een gebruikers-SKU met een ingeschakeld abonnement.',
    },
    groupNotSecurityEnabled: {
      message: 'Groep "{group}" is niet beveiligingsgeschikt; Entra ID geeft alleen licenties aan beveiligingsgeschikte groepen.',
      fix: 'Kies een beveiligingsgroep, of laat de bot er een maken.',
    },
    groupMailEnabled: {
      message: 'Groep "{group}" is e-mailgeschikt; de bot gebruikt voor licenties alleen gewone beveiligingsgroepen.',
      fix: 'Kies een beveiligingsgroep die niet e-mailgeschikt is, of laat de bot er een maken.',
    },
    groupLicenseDiffers: {
      message: 'Groep "{group}" wijst {sku} al toe met uitgeschakelde abonnementen [{groupPlans}]; het cohort heeft [{cohortPlans}].',
      fix: 'Gebruik een andere groep voor dit cohort, of stem eerst de groepslicentie af op het cohort.',
    },
    nestedGroups: {
      message: {
        one: 'De groep heeft {count} geneste groep: de leden daarvan nemen geen licenties over.',
        other: 'De groep heeft {count} geneste groepen: de leden daarvan nemen geen licenties over.',
      },
      fix: 'Voeg die gebruikers toe als directe leden (de bot voegt de gebruikers van het cohort zelf toe).',
    },
    insufficientUnits: {
      message: {
        one: '{count} groepslid heeft {sku} nog niet en {free}: {short} daarvan krijgen de licentie niet via de groep (CountViolation) totdat er eenheden vrijkomen. Ze hebben geen directe toewijzing, dus de migratie raakt hen niet aan; de groep toont in de tussentijd een fout voor hen. Gebruikers die {sku} al hebben, hebben geen extra eenheid nodig.',
        other:
          '{count} groepsleden hebben {sku} nog niet en {free}: {short} daarvan krijgen de licentie niet via de groep (CountViolation) totdat er eenheden vrijkomen. Ze hebben geen directe toewijzing, dus de migratie raakt hen niet aan; de groep toont in de tussentijd een fout voor hen. Gebruikers die {sku} al hebben, hebben geen extra eenheid nodig.',
      },
      free: { one: '{count} eenheid is vrij', other: '{count} eenheden zijn vrij' },
      fix: 'Koop licenties of maak ze vrij, of verwijder die gebruikers uit de groep; verwerk ze daarna opnieuw.',
    },
    usageLocationNew: {
      message: {
        one: '{count} nieuwe licentiehouder heeft geen gebruikslocatie (usageLocation): de groep wijst toe met het standaardland van de tenant.',
        other:
          '{count} nieuwe licentiehouders hebben geen gebruikslocatie (usageLocation): de groep wijst toe met het standaardland van de tenant.',
      },
      fix: 'Stel de gebruikslocatie in als het standaardland van de tenant voor hen niet klopt (groepslicenties stellen die nooit in).',
    },
    usageLocationCohort: {
      message: {
        one: '{count} gebruiker van het cohort heeft geen gebruikslocatie (usageLocation): migreren werkt, maar terugdraaien kan de directe toewijzing niet opnieuw toevoegen.',
        other:
          '{count} gebruikers van het cohort hebben geen gebruikslocatie (usageLocation): migreren werkt, maar terugdraaien kan hun directe toewijzing niet opnieuw toevoegen.',
      },
      fix: 'Stel de gebruikslocatie van deze gebruikers in voordat hun directe toewijzing wordt verwijderd.',
    },
    mutuallyExclusivePlans: {
      message: {
        one: '{count} gebruiker heeft een product met een abonnement dat conflicteert met de groepslicentie ({pair}); het groepspad eindigt voor deze gebruiker in MutuallyExclusiveViolation: wie {sku} direct heeft, houdt de directe toewijzing, de anderen krijgen de licentie niet via de groep.',
        other:
          '{count} gebruikers hebben een product met een abonnement dat conflicteert met de groepslicentie ({pair}); het groepspad eindigt voor hen in MutuallyExclusiveViolation: wie {sku} direct heeft, houdt de directe toewijzing, de anderen krijgen de licentie niet via de groep.',
      },
      fix: 'Verwijder de conflicterende licentie of schakel het conflicterende abonnement uit voor die gebruikers, en verwerk ze daarna opnieuw.',
    },
    missingDependency: {
      message: {
        one: '{count} gebruiker heeft {plan}, dat {requires} vereist; de groepslicentie schakelt dat niet in, dus het verwijderen van de directe toewijzing zou de afhankelijkheid verbreken.',
        other:
          '{count} gebruikers hebben {plan}, dat {requires} vereist; de groepslicentie schakelt dat niet in, dus het verwijderen van hun directe toewijzing zou de afhankelijkheid verbreken.',
      },
      fix: 'Schakel het vereiste abonnement in op de groepslicentie (een ander cohort) of laat die gebruikers direct toegewezen.',
    },
    multipleCohorts: {
      message:
        '{sku} is direct toegewezen met {cohorts} verschillende combinaties van uitgeschakelde abonnementen (cohorten); de groepslicentie van deze run komt overeen met één daarvan.',
      outside: {
        one: '{count} gebruiker van een ander cohort zit niet in de groep: de bot voegt deze niet toe, en de gebruiker houdt de directe toewijzing.',
        other:
          '{count} gebruikers van andere cohorten zitten niet in de groep: de bot voegt ze niet toe, en ze houden hun directe toewijzing.',
      },
      inGroup: {
        one: '{count} gebruiker van een ander cohort is al lid van de groep: de controle behandelt deze zoals iedereen.',
        other: '{count} gebruikers van andere cohorten zijn al lid van de groep: de controle behandelt ze zoals iedereen.',
      },
      inGroupMeans:
        'Wie via de groep precies dezelfde services krijgt, verliest de directe toewijzing zodra de batch is goedgekeurd; wie abonnementen erbij zou krijgen, alleen als een goedkeurder die uitbreiding accepteert; wie een service zou verliezen, houdt de directe toewijzing.',
      fix: 'Voer een migratie per cohort uit, elk met een eigen groep, of verwijder eerst leden van andere cohorten uit deze groep.',
    },
    dynamicUnmatched: {
      message: {
        one: 'Groep "{group}" heeft dynamisch lidmaatschap (regel: {rule}): de bot voegt nooit leden toe, en {count} gebruiker van het cohort is geen lid{why}. Deze gebruiker houdt de directe toewijzing en wordt niet gemigreerd.',
        other:
          'Groep "{group}" heeft dynamisch lidmaatschap (regel: {rule}): de bot voegt nooit leden toe, en {count} gebruikers van het cohort zijn geen lid{why}. Ze houden hun directe toewijzing en worden niet gemigreerd.',
      },
      byRule: ' omdat de regel niet op hen van toepassing is',
      named: 'De eerste {count} staan hieronder.',
      fix: 'Corrigeer de kenmerken hieronder (HR-gegevens, vaak een typfout of een spatie aan het eind) zodat de regel klopt, of verruim de regel; voer daarna de controles vooraf opnieuw uit. Tot die tijd blijven deze gebruikers direct toegewezen.',
    },
    dynamicAllMatched: {
      message:
        'Groep "{group}" heeft dynamisch lidmaatschap (regel: {rule}): de bot voegt nooit leden toe, en elke gebruiker van het cohort is lid of valt onder de regel.',
      fix: 'Niets op te lossen. Let op: het lidmaatschap volgt de regel; een gebruiker van wie de kenmerken veranderen, verlaat de groep en verliest de licentie.',
    },
    dynamicAwaiting: {
      message: {
        one: '{count} gebruiker van het cohort valt onder de regel van "{group}", maar is nog geen lid: Entra is nog niet klaar met het verwerken van de regel.',
        other:
          '{count} gebruikers van het cohort vallen onder de regel van "{group}", maar zijn nog geen lid: Entra is nog niet klaar met het verwerken van de regel.',
      },
      fix: 'Niets te doen: de controle wacht op de verwerking van het lidmaatschap, en ze worden pas verwijderd als de groep hun een licentie geeft.',
    },
    dynamicUnreadable: {
      message: 'De bot kan deze lidmaatschapsregel niet zelf evalueren ({reason}); hij gaat uit van de leden die Entra berekent.',
      fix: 'Niets te doen: gebruikers die geen lid zijn, houden hun directe toewijzing. De bot kan niet zeggen welk kenmerk hen buiten houdt.',
    },
    mergeGain: {
      message: {
        one: '{count} gebruiker van een ander licentieprofiel komt in de groep van {products} en krijgt {gains} erbij zodra de bot hem of haar aan de groep toevoegt; niemand verliest een service.',
        other:
          '{count} gebruikers van een ander licentieprofiel komen in de groep van {products} en krijgen {gains} erbij zodra de bot hen aan de groep toevoegt; niemand verliest een service.',
      },
      fix: 'Door de controles vooraf te bevestigen accepteer je deze uitbreiding (extra abonnementen binnen een product dat ze al hebben worden nog per batch geaccepteerd). Is dat niet de bedoeling, annuleer dan deze run en migreer het profiel naar een eigen groep.',
    },
    groupExtraLicense: {
      message: 'Groep "{group}" wijst ook {products} toe: elke gebruiker die de bot aan de groep toevoegt, krijgt dat er meteen bij.',
      fix: 'Door de controles vooraf te bevestigen accepteer je dit. Is dat niet de bedoeling, kies dan een groep die alleen de producten van deze run toewijst, of laat de bot er een maken.',
    },
    dynamicPaused: {
      message:
        'De verwerking van het dynamische lidmaatschap van "{group}" is gepauzeerd: de leden volgen de regel niet, en hervatten kan in één keer gebruikers met een licentie verwijderen.',
      fix: 'Hervat de verwerking van het lidmaatschap (membershipRuleProcessingState On) en wacht tot die klaar is; voer daarna de controles vooraf opnieuw uit.',
    },
  },
  cards: {
    outcome: {
      failed: 'Mislukt: {reason}',
      skipped: 'Overgeslagen: {reason}',
      noReason: 'geen reden vastgelegd',
      withDetails: '{sentence} (details: {details})',
      details: {
        separator: '; ',
        notReady: {
          product: '{sku}: {why}',
          error: 'de groepslicentie heeft een fout ({code})',
          planMismatch: 'ze zouden {plans} verliezen',
          planGain: 'ze zouden {plans} erbij krijgen, wat de goedkeuring niet accepteerde',
          notMember: 'geen lid van de groep',
          pending: 'de groep heeft hun de licentie nog niet gegeven',
          inheritedOnly: 'geen directe toewijzing meer',
          other: 'niet meer gereed ({class})',
        },
        ruleMiss: {
          value: '{property} = {value} (de regel vraagt {clause})',
          notSet: '{property} is niet ingesteld (de regel vraagt {clause})',
        },
        ruleLeaver: 'de lidmaatschapsregel van "{group}" past niet meer op hen: {misses}',
        reliance: 'ze steunen voor {plans} op groep "{group}", maar {problem}',
        group: {
          gone: 'groep "{group}" bestaat niet meer',
          noLicense: 'groep "{group}" wijst {sku} niet meer toe',
          licenseChanged:
            'de {sku}-licentie van groep "{group}" is gewijzigd (de uitgeschakelde abonnementen wijken af van die van de run)',
          disables: 'de licentie van groep "{group}" schakelt nu {plans} uit',
          becameDynamic: 'groep "{group}" heeft nu dynamisch lidmaatschap, waarop de run niet was voorbereid',
          ruleChanged: 'de lidmaatschapsregel van groep "{group}" is gewijzigd sinds de run werd voorbereid',
          membershipPaused: 'de lidmaatschapsverwerking van groep "{group}" is gepauzeerd',
          membershipFailed: 'de lidmaatschapsverwerking van groep "{group}" is mislukt ({message})',
          membershipFailedSilently: 'de lidmaatschapsverwerking van groep "{group}" is mislukt',
          membershipProcessing: 'groep "{group}" verwerkt zijn lidmaatschapsregel nog ({status})',
          licenseProcessing: 'groep "{group}" verwerkt licenties nog ({state})',
          licenseProcessingUnknown: 'groep "{group}" verwerkt licenties nog',
          unreadable: 'groep "{group}" kon niet worden gelezen ({message})',
          membershipUnread: 'hun lidmaatschap van groep "{group}" kon niet opnieuw worden gelezen ({failure})',
          notMember: 'ze zijn geen lid meer van groep "{group}"',
          ruleUnreadable: 'de lidmaatschapsregel van groep "{group}" valt buiten wat de bot kan beoordelen ({message})',
          ruleMiss: 'de lidmaatschapsregel van groep "{group}" past niet meer op hen: {misses}',
          attributesUnread: 'hun kenmerken konden niet worden gelezen voor de lidmaatschapsregel van groep "{group}"',
        },
        risk: {
          notHeld: 'ze hadden {skus} niet meer',
          lost: 'ze verloren {plans}',
          left: 'ze verlieten de groep (Entra had de licentie ervan nog niet weggenomen)',
          membershipUnknown: 'hun groepslidmaatschap kon niet worden bevestigd',
          ruleMiss: 'de lidmaatschapsregel van "{group}" past niet meer op hen ({misses}), dus Entra haalt hen uit de groep',
        },
        restore: {
          removal: 'na het verwijderen: {risk}; {readd}',
          lostAnswer: 'na een verwijdering waarvan het antwoord verloren ging ({failure}): {risk}; {readd}',
          restart: 'het verwijderen was bezig toen het proces stopte: {risk}; {readd}',
          settle: 'nadat de groepsverwerking klaar was: {risk}; {readd}',
          keptDirect: '{details}; {skus} blijft direct toegewezen',
          reAdded: 'directe toewijzing teruggezet',
          notReAdded: 'directe toewijzing kon NIET worden teruggezet ({failure})',
        },
        failure: {
          graph: 'Graph antwoordde {kind}: {message}',
          userGone: 'de gebruiker bestaat niet meer',
          otherAssignment: 'intussen verscheen een andere directe toewijzing, die is gelaten zoals hij is',
          noResult: 'geen antwoord',
          error: 'fout: {message}',
          unreadable: 'de gebruiker kon niet worden gelezen ({failure})',
          forProduct: '{sku}: {failure}',
        },
        refused: 'antwoord van Graph: {message}',
        notAttempted: {
          unexpected: 'de run pauzeerde na een onverwacht resultaat',
          paused: 'de run is gepauzeerd',
          pausedBecause: 'de run is gepauzeerd: {reason}',
          pausedBy: 'de run is gepauzeerd door {by}',
          cancelled: 'de run is geannuleerd',
        },
        notResent: {
          notSent: 'niet opnieuw verzonden: {why}',
          taken:
            '{taken} is intussen door iemand anders verwijderd, dus de verwijdering had geen effect; {left} niet opnieuw verzonden: {why}',
          twice: 'de verwijdering lukte twee keer niet',
          membershipUnread: 'hun groepslidmaatschap kon niet opnieuw worden gelezen',
        },
      },
      codes: {
        notFound: 'de gebruiker of de directe toewijzing bestaat niet meer; er viel niets te verwijderen',
        inheritedOnly: 'geen directe toewijzing meer (alleen via groepen gelicentieerd); er viel niets te verwijderen',
        pending: 'de groep had hun de licentie nog niet gegeven bij de controle vlak voor het verwijderen; directe toewijzing behouden',
        error: 'de groepslicentie had een fout bij de controle vlak voor het verwijderen; directe toewijzing behouden',
        planMismatch:
          'de groep schakelde niet meer elk abonnement van hun directe toewijzing in bij de controle vlak voor het verwijderen; directe toewijzing behouden',
        planGain:
          'ze zouden abonnementen erbij krijgen die hun directe toewijzing uitschakelt, en de goedkeuring van deze batch accepteerde dat niet; directe toewijzing behouden',
        notMember:
          'geen lid meer van de groep, of niet meer gevonden door de lidmaatschapsregel, bij de controle vlak voor het verwijderen; directe toewijzing behouden',
        otherGroupUnconfirmed:
          'een andere groep waarop ze voor sommige abonnementen steunen, kon vlak voor het verwijderen niet worden bevestigd; directe toewijzing behouden',
        graphSkipped: 'Graph kon een leesactie of het verwijderen niet voltooien ({code}); directe toewijzing behouden',
        graphFailed: 'Graph weigerde het verwijderen ({code}); de directe toewijzing is er nog',
        stillDirect: 'Graph meldde succes, maar de directe toewijzing is er nog; er is niets verwijderd',
        readBackFailed: 'de gebruiker kon na het verwijderen niet worden teruggelezen; rollback dekt deze gebruiker',
        unconfirmed:
          'het verwijderen was bezig toen het proces stopte en de gebruiker kon niet worden teruggelezen; de nacontrole leest de gebruiker opnieuw en zet de directe toewijzing terug als er een service ontbreekt',
        servicesLost:
          'na het verwijderen ontbrak een service; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen',
        servicesLostAfterSettle:
          'er ontbrak een service nadat Entra de groep had verwerkt; de directe toewijzing is teruggezet, tenzij de details iets anders zeggen',
        groupChanged:
          'de licentie of verwerking van de groep veranderde rond het verwijderen; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen',
        leftGroup:
          'ze verlieten de groep, of de regel ervan past niet meer op hen, rond het verwijderen; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen',
        membershipUnknown:
          'hun groepslidmaatschap kon na het verwijderen niet worden bevestigd; de directe toewijzing is meteen teruggezet, tenzij de details iets anders zeggen',
        restoreFailed: 'rollback kon de directe toewijzing NIET terugzetten',
        notAttempted: 'niet geprobeerd: de batch stopte voordat ze aan de beurt waren; directe toewijzing behouden',
      },
    },
    people: {
      withChoicesBy: '{requester}, met keuzes van {others}',
      andMore: '{names} en nog {count}',
    },
    skuChoice: {
      whichLicenseDoYou: 'Welke licentie wil je migreren?',
      choose: 'Kiezen',
      wholeTenant:
        'De hele tenant: elk product dat gebruikers direct hebben, gegroepeerd in licentieprofielen, één run per profiel en één wijziging per gebruiker. Of kies hieronder één licentie.',
      wholeTenantButton: 'De hele tenant',
      none: 'Deze tenant heeft geen SKU-abonnementen.',
      intro: {
        one: '{count} SKU met abonnement. Gebruikte van de ingeschakelde eenheden; de balk wordt oranje als minder dan 5% vrij is.',
        other: '{count} SKU’s met abonnement. Gebruikte van de ingeschakelde eenheden; de balk wordt oranje als minder dan 5% vrij is.',
      },
      usage: '{used} gebruikt · {free} vrij · {enabled} ingeschakeld',
      hidden: {
        one: 'Nog {count} SKU niet getoond (minst gebruikte eenheden).',
        other: 'Nog {count} SKU’s niet getoond (minst gebruikte eenheden).',
      },
    },
    cohort: {
      holdItDirectlyTo: 'Direct toegewezen (te migreren)',
      holdItThroughGroups: 'Alleen via groepen (niets te verwijderen)',
      directHoldersNotIn: 'Direct toegewezen, nog niet in de groep (de bot voegt die van het gekozen cohort toe)',
      cohortsSetsOfDisabled: 'Cohorten (combinaties van uitgeschakelde abonnementen)',
      cohortsSameDisabledPlans: 'Cohorten (dezelfde uitgeschakelde service-abonnementen)',
      cohortToMigrateIn: 'Cohort om in deze run te migreren',
      targetGroup: 'Doelgroep',
      useAnExistingSecurity: 'Een bestaande beveiligingsgroep gebruiken',
      pickAGroup: 'Kies een groep',
      continue: 'Doorgaan',
      title: '{sku} migreren',
      allEnabled: 'Alle service-abonnementen ingeschakeld',
      disabled: 'Uitgeschakeld: {plans}',
      largest: 'Cohort 1 (grootste)',
      numbered: 'Cohort {number}',
      users: { one: '{count} gebruiker', other: '{count} gebruikers' },
      choice: { one: 'Cohort {number}: {count} gebruiker — {disabled}', other: 'Cohort {number}: {count} gebruikers — {disabled}' },
      hidden: { one: '{count} kleiner cohort niet getoond.', other: '{count} kleinere cohorten niet getoond.' },
      newGroupLabel: 'Groepsnaam (bestaand of nieuw)',
      cohortError: 'Kies het cohort dat je wilt migreren.',
      newGroupError: 'Typ de naam van de groep die de licentie krijgt.',
      proposalExisting: 'Een eigen groep: {group} wijst precies deze set services al toe.',
      proposalNew:
        'Een eigen groep: een nieuwe beveiligingsgroep "{group}" met precies deze set services, zodat niemand een abonnement wint of verliest.',
      proposalButton: 'Cohort {number} naar een eigen groep migreren',
    },
    preflight: {
      preFlightChecks: 'Controles vooraf',
      nothingWillChangeUntil:
        'Er verandert niets totdat de blokkerende problemen zijn opgelost. Los ze op en start daarna `migrate` opnieuw.',
      confirmAndPrepare: 'Bevestigen en voorbereiden',
      cancel: 'Annuleren',
      allPassed:
        'Alle controles zijn geslaagd. Bevestig om de groep te maken of bij te werken en de licentie eraan toe te wijzen; er wordt nog geen directe toewijzing aangeraakt.',
      blockers: { one: '{count} blokkerend probleem', other: '{count} blokkerende problemen' },
      warnings: { one: '{count} waarschuwing', other: '{count} waarschuwingen' },
      summary: '{blockers}, {warnings}, {info} ter informatie.',
      severity: { blocker: 'Blokkerend', warning: 'Waarschuwing', info: 'Informatie' },
      heading: { one: '{severity} · {count} gebruiker', other: '{severity} · {count} gebruikers' },
      fix: 'Oplossing: {fix}',
      hidden: { one: 'Nog {count} bevinding niet getoond.', other: 'Nog {count} bevindingen niet getoond.' },
      runId: 'Run-id {id}',
      ruleDetail: {
        line: '{user}: {misses}',
        notSet: '{property} is niet ingevuld (de regel vraagt {clause})',
        value: '{property} = {value} (de regel vraagt {clause})',
      },
    },
    processing: {
      preparingTheGroup: 'De groep voorbereiden',
      run: 'Run',
      runId: 'Run-id',
      groupProcessing: 'Verwerking van de groep',
      elapsed: 'Verstreken',
      cohortUsersAddedTo: 'Gebruikers van het cohort toegevoegd aan de groep',
      state: {
        QueuedForProcessing: 'In de wachtrij voor verwerking',
        ProcessingInProgress: 'Verwerking bezig',
        ProcessingComplete: 'Verwerking voltooid',
      },
      notStarted: 'Nog niet gestart',
      members: '{added} van {total} ({percent}%)',
      done: 'Entra ID heeft de groepslicentie verwerkt. Hierna volgt de controle.',
      waiting:
        'Entra ID verwerkt groepslicenties op de achtergrond; bij grote groepen kan dat even duren. Er wordt nog geen directe toewijzing aangeraakt.',
    },
    verification: {
      verification: 'Controle',
      user: 'Gebruiker',
      class: 'Categorie',
      detail: 'Details',
      showUsersInError: 'Gebruikers met fouten tonen',
      subtitle: '{sku} → {group} · {users} in het bereik (directe houders en groepsleden) · {time}',
      users: { one: '{count} gebruiker', other: '{count} gebruikers' },
      sampleTitle: 'Steekproef ({shown} van {total})',
      somePlans: 'abonnementen',
      unknownPlans: 'onbekende abonnementen',
      errorCode: 'Fout',
      rows: {
        ready: {
          label: 'Klaar om te verwijderen',
          meaning:
            'Precies dezelfde services via de groep: ze verliezen de directe toewijzing zodra hun batch is goedgekeurd en houden de licentie via {group}.',
        },
        planGain: {
          label: 'Zouden abonnementen erbij krijgen',
          meaning:
            'De groep schakelt ook {plans} in, die hun directe toewijzing uitschakelt: die wordt alleen verwijderd waar een goedkeurder dat op de batchkaart accepteert.',
        },
        pending: {
          label: 'Wachten op de groepslicentie',
          meaning:
            'De groep heeft hun nog geen licentie gegeven: ze houden hun directe toewijzing; controleer opnieuw zodra Entra ze heeft verwerkt.',
        },
        error: {
          label: 'Fout in groepslicentie',
          meaning:
            'Entra kon de groepslicentie niet op hen toepassen (codes hieronder): ze houden hun directe toewijzing totdat de oorzaak is opgelost.',
        },
        planMismatch: {
          label: 'Zouden services verliezen',
          meaning: 'De groep schakelt niet elk abonnement in dat hun directe toewijzing inschakelt: ze houden hun directe toewijzing.',
        },
        notMember: {
          label: 'Niet in de groep',
          meaning: 'Ze hebben de licentie direct, maar zijn geen lid van {group}: ze houden hun directe toewijzing.',
        },
        inheritedOnly: {
          label: 'Alleen via groepen gelicentieerd',
          meaning: 'Ze hebben geen directe toewijzing: er is niets te verwijderen en er verandert niets voor hen.',
        },
        errorWithoutDirect: {
          label: 'Groepsleden die de licentie niet konden krijgen',
          meaning:
            'Ze hebben geen directe toewijzing, dus de migratie raakt hen niet aan; {group} toont een fout voor hen totdat de oorzaak (hieronder) is opgelost.',
        },
        pendingWithoutDirect: {
          label: 'Groepsleden die op de licentie wachten',
          meaning: 'Ze hebben geen directe toewijzing, dus de migratie raakt hen niet aan; Entra heeft ze nog niet verwerkt.',
        },
      },
      sampleDetail: {
        errorNoDirect: '{code}: geen directe toewijzing; de migratie raakt deze gebruiker niet aan',
        error: '{code}: {cause}',
        missing: 'Ontbreekt: {plans}',
        gain: 'Zou erbij krijgen: {plans}',
        notMember: 'Eerst aan de groep toevoegen',
        pendingNoDirect: 'Wacht op de groepslicentie; geen directe toewijzing',
        pending: 'Wacht op de groepslicentie',
      },
      reliedOn: {
        one: '{count} gebruiker is ook afhankelijk van {group} voor {plans}.',
        other: '{count} gebruikers zijn ook afhankelijk van {group} voor {plans}.',
      },
      errorCountViolation: {
        one: '{count} groepslid kon de licentie niet krijgen: niet genoeg eenheden (CountViolation). De migratie raakt hen niet aan; {group} toont een fout totdat er eenheden vrijkomen.',
        other:
          '{count} groepsleden konden de licentie niet krijgen: niet genoeg eenheden (CountViolation). De migratie raakt hen niet aan; {group} toont een fout totdat er eenheden vrijkomen.',
      },
      errorWithoutDirect: {
        one: '{count} groepslid kon de licentie niet krijgen: {short} ({code}). De migratie raakt hen niet aan; {group} toont een fout voor hen totdat dit is opgelost.',
        other:
          '{count} groepsleden konden de licentie niet krijgen: {short} ({code}). De migratie raakt hen niet aan; {group} toont een fout voor hen totdat dit is opgelost.',
      },
      errorDirect: {
        one: '{count} gebruiker houdt de directe toewijzing omdat de groepslicentie voor hen is mislukt: {short} ({code}). Los de oorzaak op en verwerk ze daarna opnieuw.',
        other:
          '{count} gebruikers houden de directe toewijzing omdat de groepslicentie voor hen is mislukt: {short} ({code}). Los de oorzaak op en verwerk ze daarna opnieuw.',
      },
      otherCohorts: {
        one: '1 hierboven getelde gebruiker hoort bij een ander cohort (heeft {sku} direct, met andere uitgeschakelde abonnementen dan deze run). Groepsleden van andere cohorten worden net als iedereen gecontroleerd: de regel waarop ze zijn geteld zegt wat er met hen gebeurt.',
        other:
          '{count} hierboven getelde gebruikers horen bij andere cohorten (hebben {sku} direct, met andere uitgeschakelde abonnementen dan deze run). Groepsleden van andere cohorten worden net als iedereen gecontroleerd: de regel waarop ze zijn geteld zegt wat er met hen gebeurt.',
      },
      verdictNobody: 'Niemand in het bereik heeft {sku} direct toegewezen: er is geen directe toewijzing om te verwijderen.',
      verdictAllReady: {
        one: 'De enige directe houder in het bereik is klaar: de directe toewijzing kan worden verwijderd en de gebruiker houdt elke service via {group}.',
        other:
          'Alle {count} directe houders in het bereik zijn klaar: hun directe toewijzingen kunnen worden verwijderd en ze houden elke service via {group}.',
      },
      verdictReady: {
        one: '{count} gebruiker is klaar om de directe toewijzing te verliezen.',
        other: '{count} gebruikers zijn klaar om de directe toewijzing te verliezen.',
      },
      verdictKept: {
        one: '{count} gebruiker houdt voorlopig de directe toewijzing (zie de regels hierboven).',
        other: '{count} gebruikers houden voorlopig de directe toewijzing (zie de regels hierboven).',
      },
      verdictGain: {
        one: '{count} gebruiker zou {plans} erbij krijgen, die de directe toewijzing uitschakelt: de directe toewijzing wordt alleen verwijderd waar een goedkeurder dat op de batchkaart accepteert.',
        other:
          '{count} gebruikers zouden {plans} erbij krijgen, die hun directe toewijzing uitschakelt: hun directe toewijzing wordt alleen verwijderd waar een goedkeurder dat op de batchkaart accepteert.',
      },
    },
    batchApproval: {
      approveCanary: 'De canary-batch goedkeuren',
      approveBatch: 'Batch {number} van {total} goedkeuren',
      canary: 'De canary-batch',
      batch: 'Batch {number} van {total}',
      subtitle: 'Verwijder de directe toewijzing van {sku} bij deze gebruikers; ze houden de licentie via {group}.',
      approvalsText: '{count} van {quorum}',
      batchStatus: {
        planned: 'Gepland',
        awaitingApproval: 'Wacht op goedkeuring',
        approved: 'Goedgekeurd',
        rejected: 'Afgewezen',
        running: 'Bezig',
        done: 'Klaar',
        failed: 'Mislukt',
        rolledBack: 'Teruggedraaid',
      },
      decided: { approved: 'Goedgekeurd', rejected: 'Afgewezen', expired: 'Verlopen', cancelled: 'Geannuleerd' },
      decidedText: '{verb} door {who} · {time}',
      decidedReason: '{decided} — {reason}',
      theBot: 'de bot',
      sampleSome: 'Voorbeeldgebruikers ({shown} van {total})',
      sampleAll: { one: 'Gebruikers ({count} gebruiker)', other: 'Gebruikers ({count} gebruikers)' },
      approvedSoFar: 'Tot nu toe goedgekeurd door {names}',
      rule: 'Het lidmaatschap van {group} volgt de regel {rule}: na het verwijderen verlaat iemand {what} de groep en verliest de licentie. De bot controleert de regel voor elke gebruiker opnieuw vlak voor het verwijderen.',
      ruleWhose: 'van wie {properties} verandert',
      ruleWhoseAttributes: 'van wie de kenmerken niet meer aan de regel voldoen',
      or: 'of',
      gainOpen: {
        one: '{count} gebruiker in deze batch zou {plans} erbij krijgen, die de directe toewijzing uitschakelt. De gebruiker houdt de directe toewijzing, tenzij je die uitbreiding accepteert.',
        other:
          '{count} gebruikers in deze batch zouden {plans} erbij krijgen, die hun directe toewijzing uitschakelt. Ze houden hun directe toewijzing, tenzij je die uitbreiding accepteert.',
      },
      gainToggle: {
        one: 'Ook {count} gebruiker verwijderen die {plans} erbij zou krijgen',
        other: 'Ook {count} gebruikers verwijderen die {plans} erbij zouden krijgen',
      },
      gainAccepted: {
        one: 'Uitbreiding met {plans} geaccepteerd door {names} voor {count} gebruiker.',
        other: 'Uitbreiding met {plans} geaccepteerd door {names} voor {count} gebruikers.',
      },
      gainNotAccepted: {
        one: '{count} gebruiker die {plans} erbij zou krijgen, houdt de directe toewijzing: de uitbreiding is niet geaccepteerd.',
        other: '{count} gebruikers die {plans} erbij zouden krijgen, houden hun directe toewijzing: de uitbreiding is niet geaccepteerd.',
      },
      run: 'Run',
      runId: 'Run-id',
      usersInThisBatch: 'Gebruikers in deze batch',
      requestedBy: 'Aangevraagd door',
      approvals: 'Goedkeuringen',
      status: 'Status',
      approvingRemovesTheDirect:
        'Goedkeuren verwijdert alleen de directe toewijzing van deze gebruikers; elke gebruiker wordt vlak voor het verwijderen opnieuw gecontroleerd.',
      approve: 'Goedkeuren',
      reject: 'Afwijzen',
    },
    batchResult: {
      batch: 'Batch',
      canaryOf: 'Canary-batch {number} van {total}',
      batchOf: 'Batch {number} van {total}',
      finished: '{batch} voltooid',
      removed: 'Verwijderd (houden de licentie via de groep)',
      skipped: 'Overgeslagen (houden hun directe toewijzing)',
      failed: 'Mislukt (de reden zegt of de directe toewijzing terug is)',
      settleLost: {
        one: 'Nacontrole: {count} gebruiker verloor services nadat Entra de groep had verwerkt',
        other: 'Nacontrole: {count} gebruikers verloren services nadat Entra de groep had verwerkt',
      },
      settlePartly: 'Directe toewijzing opnieuw toegevoegd voor {ok}; kon NIET opnieuw worden toegevoegd voor {failed}.',
      settleReAdded: 'Hun directe toewijzing is opnieuw toegevoegd met de vastgelegde uitgeschakelde abonnementen.',
      settleNames: '{names}.',
      settleNamesMore: '{names} en nog {more}.',
      settleUnfinishedTitle: 'Nacontrole niet voltooid',
      settleUnfinished: '{reason}. Controleer de verwijderde gebruikers (verify) voordat je de volgende batch goedkeurt.',
      settleUnfinishedReason: 'Entra was nog niet klaar met het verwerken van de groep',
      settlePassedTitle: 'Nacontrole geslaagd',
      settlePassed: {
        one: 'Nadat Entra de groep had verwerkt, had de verwijderde gebruiker nog steeds elke service via de groep.',
        other: 'Nadat Entra de groep had verwerkt, hadden alle {count} verwijderde gebruikers nog steeds elke service via de groep.',
      },
      paused: 'De run is gepauzeerd: {reason}',
      attentionSome: 'Aandacht nodig (eerste {shown} van {total})',
      attention: 'Aandacht nodig',
    },
    finalReport: {
      title: 'Eindrapport: {sku} → {group}',
      subtitle: '{run} · {status}',
      runId: 'Run-id {id}',
      removed: 'Verwijderd (houden de licentie via de groep)',
      skipped: 'Overgeslagen (houden de directe toewijzing)',
      failed: 'Mislukt (de reden zegt of de directe toewijzing terug is)',
      remaining: 'Nog in batches die niet zijn uitgevoerd (houden hun directe toewijzing)',
      restored: 'Hersteld door terugdraaien (directe toewijzing opnieuw toegevoegd)',
      product: {
        one: '{product}: directe toewijzing verwijderd bij {count} gebruiker',
        other: '{product}: directe toewijzing verwijderd bij {count} gebruikers',
      },
      productKept: {
        one: '{product}: directe toewijzing verwijderd bij {count} gebruiker, behouden door {kept} van de gebruikers die deze run verwijderde (nog niet klaar; de reden staat bij elk)',
        other:
          '{product}: directe toewijzing verwijderd bij {count} gebruikers, behouden door {kept} van de gebruikers die deze run verwijderde (nog niet klaar; de reden staat bij elk)',
      },
      approvedBy: 'Goedgekeurd door {names}',
      rejectedBy: 'Afgewezen door {names}',
      noApproval: 'Geen goedkeuring vastgelegd',
      approvedBatches: { one: '{count} batch goedgekeurd', other: '{count} batches goedgekeurd' },
      rejectedBatches: { one: '{count} batch afgewezen', other: '{count} batches afgewezen' },
      approverLine: '{who}: {counts}',
      gain: '{count} zouden {plans} erbij krijgen ({decision})',
      gainAccepted: 'uitbreiding geaccepteerd',
      gainNotAccepted: 'uitbreiding niet geaccepteerd: ze houden hun directe toewijzing',
      reliedOn: '{count} ook afhankelijk van {group} voor {plans}',
      canary: 'Canary',
      batch: 'Batch {number}',
      batchCounts: {
        one: '{count} gebruiker: {removed} verwijderd, {skipped} overgeslagen, {failed} mislukt{notes}',
        other: '{count} gebruikers: {removed} verwijderd, {skipped} overgeslagen, {failed} mislukt{notes}',
      },
      hiddenBatches: { one: 'Nog {count} batch niet getoond.', other: 'Nog {count} batches niet getoond.' },
      hiddenApprovers: { one: 'Nog {count} goedkeurder niet getoond.', other: 'Nog {count} goedkeurders niet getoond.' },
      issuesSome: 'Overgeslagen en mislukte gebruikers (eerste {shown} van {total})',
      issues: 'Overgeslagen en mislukte gebruikers',
      footer:
        'Het volledige rapport per gebruiker staat in het runjournaal; `rollback` voegt verwijderde directe toewijzingen opnieuw toe met hun oorspronkelijke uitgeschakelde abonnementen.',
      requestedBy: 'Aangevraagd door',
      started: 'Gestart',
      lastChange: 'Laatste wijziging',
      duration: 'Duur',
      batches: 'Batches',
      approvals: 'Goedkeuringen',
    },
    runStatus: {
      title: 'Migratie {sku} → {group}',
      runStatus: {
        created: 'Aangemaakt',
        prepared: 'Groep voorbereid',
        verified: 'Gecontroleerd',
        removing: 'Directe toewijzingen verwijderen',
        paused: 'Gepauzeerd',
        completed: 'Voltooid',
        cancelled: 'Geannuleerd',
      },
      createdGroup: '{group} (aangemaakt door deze run)',
      notPlanned: 'Nog niet gepland',
      batchesFinished: '{finished} van {total} voltooid',
      progress: '{done} van {total} gebruikers in batches afgehandeld (verwijderd, overgeslagen of mislukt) ({percent}%)',
      noBatchYet: 'Er is nog geen verwijderbatch uitgevoerd.',
      pausedBecause: 'Gepauzeerd: {reason}. Hervat zodra het veilig is om door te gaan.',
      paused: 'Gepauzeerd. Hervat zodra het veilig is om door te gaan.',
      fourEyesRuleIs: 'Vier-ogenprincipe staat UIT: de aanvrager mag batches alleen goedkeuren.',
      run: 'Run',
      runId: 'Run-id',
      status: 'Status',
      license: 'Licentie',
      group: 'Groep',
      requestedBy: 'Aangevraagd door',
      batches: 'Batches',
      updated: 'Bijgewerkt',
      pause: 'Pauzeren',
      resume: 'Hervatten',
      cancelRun: 'Run annuleren',
    },
    errorUsers: {
      nothingToFix: 'Niets op te lossen.',
      subtitle: {
        one: '{count} gebruiker met een fout in de groepslicentie of een service die de groep niet inschakelt · pagina {page} van {pages}',
        other:
          '{count} gebruikers met een fout in de groepslicentie of een service die de groep niet inschakelt · pagina {page} van {pages}',
      },
      partial:
        '{subtitle} · deze pagina’s tonen de eerste {listed} bij naam; de verify-opdracht (npm run verify -- --format csv) toont ze allemaal',
      missingCause: 'De groep schakelt niet in: {plans}.',
      missingSome: 'enkele abonnementen die de gebruiker direct heeft',
      missingFix: 'Schakel die abonnementen in op de groepslicentie, of accepteer dat ze verdwijnen, en controleer daarna opnieuw.',
      missingFixGroup:
        'De groepslicentie schakelt {plans} uit, die de directe toewijzing inschakelt: verplaats de gebruiker naar een cohortgroep die ze inschakelt, of accepteer uitdrukkelijk dat ze verdwijnen.',
      missingFixEverywhere:
        'De groepslicentie noch de andere groepen van de gebruiker schakelen {plans} in, die de directe toewijzing inschakelt: verplaats de gebruiker naar een cohortgroep die ze inschakelt, of accepteer uitdrukkelijk dat ze verdwijnen.',
      missingEffect: 'Houdt de directe toewijzing: die wordt nooit verwijderd zolang er een service zou verdwijnen.',
      fix: 'Oplossing: {fix}',
      cause: '{code}: {cause}',
      errorCode: 'Fout',
      effectNoDirect:
        'Groepslid zonder directe toewijzing: kon de licentie niet via de groep krijgen, en de migratie raakt dit lid niet aan.',
      effectKeeps: 'Houdt de directe toewijzing totdat de fout is opgelost.',
      reprocess: { one: 'Deze gebruiker opnieuw verwerken', other: 'Deze {count} gebruikers opnieuw verwerken' },
      waitingAtLeast: '{count} of meer gebruikers wachten',
      waiting: { one: '{count} gebruiker wacht', other: '{count} gebruikers wachten' },
      shortMissing: {
        one: '{waiting} op een eenheid (CountViolation); {free} vrij: {missing} te weinig. Koop of maak eenheden vrij en verwerk ze daarna opnieuw.',
        other:
          '{waiting} op een eenheid (CountViolation); {free} vrij: {missing} te weinig. Koop of maak eenheden vrij en verwerk ze daarna opnieuw.',
      },
      freeUnits: { one: '{count} eenheid is', other: '{count} eenheden zijn' },
      missingUnits: { one: '{count} eenheid', other: '{count} eenheden' },
      missingUnitsAtLeast: '{count} of meer eenheden',
      freeNow: '{waiting} op een eenheid (CountViolation) en {free} nu vrij: verwerk ze opnieuw.',
      holdersNamed: {
        one: 'Gebruikers migreren maakt geen eenheid vrij: elke gebruiker houdt er een via de groep. {count} directe houder van deze run heeft de licentie via geen enkel actief groepspad ({names}): zo’n directe toewijzing verwijderen geeft een eenheid terug en neemt die gebruiker de licentie af.',
        other:
          'Gebruikers migreren maakt geen eenheid vrij: elke gebruiker houdt er een via de groep. {count} directe houders van deze run hebben de licentie via geen enkel actief groepspad ({names}): zo’n directe toewijzing verwijderen geeft een eenheid terug en neemt die gebruiker de licentie af.',
      },
      andMore: '{names} en nog {count}',
      holdersNone:
        'Gebruikers migreren maakt geen eenheid vrij: elke gebruiker houdt er een via de groep, en geen enkele gebruiker van deze run heeft de licentie alleen via een direct pad.',
      shortageTitle: 'Niet genoeg eenheden van {sku}',
      product: 'Product: {product}',
      usersWhoNeedAttention: 'Gebruikers die aandacht nodig hebben',
      noUserIsIn: 'Geen enkele gebruiker heeft een fout. 🎉',
      previous: '◀ Vorige',
      next: 'Volgende ▶',
    },
    spotCheck: {
      on: '✔ Aan',
      off: '✖ Uit',
      plans: '{count} abonnementen',
      reliesOn: 'De gebruiker is ook afhankelijk van {group} voor {plans}.',
      gains:
        'De gebruiker zou {plans} erbij krijgen: de directe toewijzing wordt alleen verwijderd als een goedkeurder dat op de batchkaart accepteert.',
      title: 'Steekproef: {upn}',
      none: 'Geen',
      noAssignment: 'De gebruiker heeft geen toewijzing van deze SKU.',
      group: 'Groep {group}',
      keepsAll: 'Het verwijderen van de directe toewijzing zou geen enkele service uitschakelen.',
      wouldLose: 'Het verwijderen van de directe toewijzing zou nu uitschakelen: {plans}.',
      assignmentPaths: 'Toewijzingspaden',
      servicePlan: 'Service-abonnement',
      direct: 'Direct',
      inherited: 'Overgenomen',
      effective: 'Effectief',
    },
    rollbackConfirm: {
      titleBatch: 'Deze batch terugdraaien?',
      titleRun: 'De hele run terugdraaien?',
      text: {
        one: 'Hiermee wordt de directe toewijzing van {count} gebruiker opnieuw toegevoegd, met de uitgeschakelde abonnementen die vóór het verwijderen zijn vastgelegd. Het groepslidmaatschap blijft zoals het is.',
        other:
          'Hiermee wordt de directe toewijzing van {count} gebruikers opnieuw toegevoegd, met de uitgeschakelde abonnementen die vóór het verwijderen zijn vastgelegd. Het groepslidmaatschap blijft zoals het is.',
      },
      nothing: 'Er is geen verwijderde directe toewijzing gevonden om te herstellen.',
      scopeBatch: 'Batch {batch}',
      scopeRun: 'Alle batches van de run',
      run: 'Run',
      runId: 'Run-id',
      scope: 'Bereik',
      users: 'Gebruikers',
      rollBack: 'Terugdraaien',
    },
    drift: {
      newDirect: {
        one: '{count} gebruiker heeft sinds de run een directe toewijzing gekregen',
        other: '{count} gebruikers hebben sinds de run een directe toewijzing gekregen',
      },
      newDirectExplain:
        'Toegewezen door de oude automatisering of handmatig nadat de run was voltooid. Een vervolgrun verplaatst ze naar de groep.',
      leftGroup: {
        one: '{count} gebruiker heeft de groep verlaten, maar heeft nog een directe toewijzing',
        other: '{count} gebruikers hebben de groep verlaten, maar hebben nog een directe toewijzing',
      },
      leftGroupExplain:
        'Ze zijn alleen van de directe toewijzing afhankelijk. Een vervolgrun voegt ze weer aan de groep toe voordat er iets wordt verwijderd.',
      errors: {
        one: '{count} groepslid met de groepslicentie in een foutstatus',
        other: '{count} groepsleden met de groepslicentie in een foutstatus',
      },
      errorsExplain: 'Typ `errors` in een run die ze omvat voor de oplossingen, of los de oorzaak op en verwerk ze opnieuw.',
      andMore: '{names} en nog {count}',
      nothingNew: 'Niets nieuws sinds de laatste controle van {sku}.',
      gone: 'De eerder gevonden afwijking is verdwenen: niemand heeft {sku} direct buiten de run, en geen enkel lid heeft een fout.',
      changed: 'Er is iets veranderd sinds de laatste controle van {sku}. Er is niets gewijzigd in de tenant.',
      titleDrift: 'Licentieafwijking na run {run}',
      titleQuiet: 'Run {run}: de oude automatisering is stil geworden',
      retire: {
        one: 'Geen nieuwe directe toewijzing van {sku} gedurende {count} dag (sinds {since}). De oude licentieautomatisering kan worden uitgeschakeld; het groepslidmaatschap geeft nu de licentie.',
        other:
          'Geen nieuwe directe toewijzing van {sku} gedurende {count} dagen (sinds {since}). De oude licentieautomatisering kan worden uitgeschakeld; het groepslidmaatschap geeft nu de licentie.',
      },
      run: 'Run',
      license: 'Licentie',
      group: 'Groep',
      checked: 'Gecontroleerd',
      theLegacyAutomationCan: 'De oude automatisering kan worden uitgeschakeld',
      startAFollowUp: 'Een vervolgrun starten',
    },
    licensePlan: {
      nothing: {
        one: 'Niemand heeft het {count} gebruikersproduct direct toegewezen: er is niets te migreren.',
        other: 'Niemand heeft een van de {count} gebruikersproducten direct toegewezen: er is niets te migreren.',
      },
      summary:
        '{users} licenties direct, in {profiles} (gebruikers met precies dezelfde producten en uitgeschakelde abonnementen). Elk profiel heeft een eigen licentiegroep nodig.',
      holders: { one: '{count} gebruiker heeft', other: '{count} gebruikers hebben' },
      profiles: { one: '{count} profiel', other: '{count} profielen' },
      heading: { one: 'Profiel {number} · {count} gebruiker', other: 'Profiel {number} · {count} gebruikers' },
      groupExisting: 'Groep: {group} (bestaat al en wijst precies deze licenties toe)',
      groupNew: 'Groep: een nieuwe beveiligingsgroep "{group}"',
      sample: 'Bijvoorbeeld {users}',
      hidden: { one: 'Nog {count} kleiner profiel niet getoond.', other: 'Nog {count} kleinere profielen niet getoond.' },
      next: 'Elk profiel gaat in een eigen run, met al zijn producten in één wijziging per gebruiker. "Profiel migreren" maakt de run aan met de groep die hier staat en toont de controles vooraf: er verandert niets in de tenant voordat je die bevestigt, en elke batch heeft zijn goedkeuringen nodig.',
      migrate: 'Profiel {number} migreren',
      mergeButton: 'Bij de groep van profiel {number} voegen',
      without: '{product} zonder {plans}',
      everyPlan: '{product} (alle abonnementen)',
      gainAll: 'heel {product}',
      gainPlans: '{plans} in {product}',
      merge: 'Kan de groep van profiel {number} delen: deze gebruikers zouden {gains} erbij krijgen en niets verliezen.',
      licenseProfiles: 'Licentieprofielen',
    },
  },
};
