import { ALICE, ALL_USERS, E3, actionsOf, cardOf, cardText, startBotHarness, transcript, type BotHarness } from '../support/botHarness';

/** The whole guided start in one language: the texts and cards the person reads at each step. */
async function guidedStart(h: BotHarness) {
  const started = await h.say(ALICE, 'migrate');
  const skuCard = cardOf(started.find((a) => cardOf(a)));
  const chosen = await h.click(ALICE, 'migrate.sku', { skuId: E3 });
  const cohortCard = cardOf(chosen.replies.find((a) => actionsOf(cardOf(a)).some((x) => x.verb === 'migrate.group')));
  const picked = await h.click(ALICE, 'migrate.group', { skuId: E3, groupId: ALL_USERS, newGroupName: '' });
  const preflight = cardOf(picked.replies.find((a) => actionsOf(cardOf(a)).some((x) => x.verb === 'migrate.confirm')));
  return { started, skuCard, cohortCard, picked, preflight };
}

describe('the language of the person who acts (activity.locale)', () => {
  let h: BotHarness | undefined;
  afterEach(async () => h?.close());

  it.each(['nl-NL', 'nl-BE'])('should answer help in Dutch for %s', async (locale) => {
    h = await startBotHarness({ users: 3, locale });
    const [reply] = await h.say(ALICE, 'help');
    const text = cardText(cardOf(reply));
    expect(text).toContain('Opdrachten');
    expect(text).toContain('Een begeleide migratie starten');
    expect(text).toContain('spotcheck <gebruiker>');
    expect(text).not.toContain('Start a guided migration');
  });

  it.each(['en-US', 'de-DE'])('should answer help in English for %s', async (locale) => {
    h = await startBotHarness({ users: 3, locale });
    const [reply] = await h.say(ALICE, 'help');
    const text = cardText(cardOf(reply));
    expect(text).toContain('Commands');
    expect(text).toContain('Start a guided migration');
    expect(text).not.toContain('Opdrachten');
  });

  it('should answer an unknown word in Dutch', async () => {
    h = await startBotHarness({ users: 3, locale: 'nl-NL' });
    const reply = await h.say(ALICE, 'alstublieft');
    expect(reply[0].text).toBe('"alstublieft" ken ik niet. Dit kan ik doen:');
  });

  it('should run the guided start in Dutch for nl-NL, and its proactive cards too', async () => {
    h = await startBotHarness({ users: 6, locale: 'nl-NL' });
    const { started, skuCard, cohortCard, picked, preflight } = await guidedStart(h);
    expect(started.find((a) => cardOf(a))?.text).toBe('Welke licentie wil je overzetten naar groepsgebaseerde licentieverlening?');
    expect(cardText(skuCard)).toContain('Welke licentie wil je migreren?');
    expect(actionsOf(skuCard).map((a) => a.title)).toEqual(['De hele tenant', 'Kiezen']);
    expect(cardText(cohortCard)).toContain('Doelgroep');
    expect(actionsOf(cohortCard).map((a) => a.title)).toEqual(['Cohort 1 naar een eigen groep migreren', 'Doorgaan']);
    expect(picked.body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(picked.body.value)).toContain('Groep gekozen');
    expect(cardText(preflight)).toContain('Controles vooraf');
    expect(actionsOf(preflight).map((a) => a.title)).toContain('Bevestigen en voorbereiden');
    // Proactive: the processing card and the batch plan follow the language of whoever acted last.
    await h.click(ALICE, 'migrate.confirm', actionsOf(preflight).find((a) => a.verb === 'migrate.confirm')!.data);
    await h.idle();
    const texts = transcript(h.adapter).map((a) => `${a.text ?? ''} ${cardText(cardOf(a))}`);
    expect(texts.some((t) => t.includes('De groep voorbereiden'))).toBe(true);
    expect(texts.some((t) => t.includes('Verwerking voltooid'))).toBe(true);
    expect(texts.some((t) => /Batchplan: \d+ batch/.test(t))).toBe(true);
    // The verification and the canary batch's approval card, in Dutch from the first word to the last.
    expect(texts.some((t) => t.includes('Klaar om te verwijderen') && /gebruikers? (is|zijn) klaar|directe houder/.test(t))).toBe(true);
    const approval = transcript(h.adapter)
      .map((a) => cardOf(a))
      .find((c) => actionsOf(c).some((x) => x.verb === 'batch.approve'));
    expect(cardText(approval)).toContain('De canary-batch goedkeuren');
    expect(actionsOf(approval).map((x) => x.title)).toEqual(expect.arrayContaining(['Goedkeuren', 'Afwijzen']));
    expect(cardText(approval)).not.toMatch(/Approve|Remove direct|they keep/);
  });

  it('should refuse a tampered or unknown click in Dutch, and say nothing changed', async () => {
    h = await startBotHarness({ users: 3, locale: 'nl-NL' });
    const unknown = await h.click(ALICE, 'run.explode', { runId: 'r1' });
    expect(JSON.stringify(unknown.body)).toContain('Onbekende kaartactie');
    const tampered = await h.click(ALICE, 'run.pause', { runId: 'r1', cardVersion: 0, extra: 'x' });
    expect(JSON.stringify(tampered.body)).toContain("'run.pause' geweigerd: onverwachte velden 'extra'");
    const missing = await h.click(ALICE, 'run.pause', { runId: 'no-such-run', cardVersion: 0 });
    expect(JSON.stringify(missing.body)).toContain('Er is geen migratierun no-such-run. Er is niets gewijzigd.');
  });

  it('should run the guided start in English for en-US', async () => {
    h = await startBotHarness({ users: 6, locale: 'en-US' });
    const { started, skuCard, cohortCard, preflight } = await guidedStart(h);
    expect(started.find((a) => cardOf(a))?.text).toBe('Which license do you want to move to group-based licensing?');
    expect(cardText(skuCard)).toContain('Which license do you want to migrate?');
    expect(actionsOf(cohortCard).map((a) => a.title)).toEqual(['Migrate cohort 1 into its own group', 'Continue']);
    expect(cardText(preflight)).toContain('Pre-flight checks');
    expect(cardText(preflight)).not.toContain('Controles vooraf');
  });
});
