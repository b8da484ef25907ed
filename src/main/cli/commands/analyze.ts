import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { defineCliCommand, EXIT_FAILURE, EXIT_OK, oneOf, UsageError } from '../framework';
import { withShop } from '../shared';
import { timeUnits } from '../../../shared/analysis/settings';
import { analysisService } from '../../domain/analysis/analysis.service';
import {
  iterateSnapshotForExport,
  readReasonShapes,
  readRun,
  readRunRules,
} from '../../domain/analysis/analysis.repo';
import { decodeReasons } from '../../../shared/analysis/reason-codec';
import { formatReason } from '../../../shared/analysis/reason-messages';

export const analyzeCommand = defineCliCommand({
  name: 'analyze',
  summary:
    'Run the shop analysis (the same pipeline and worker as the app), store the snapshot, optionally write JSON.',
  usage: 'analyze --db FILE [--as-of YYYY-MM-DD] [--time-unit day|week] [--json OUT]',
  options: {
    db: { type: 'string', description: 'the shop file' },
    'as-of': { type: 'string', description: 'reference date; later purchases are ignored (default today)' },
    'time-unit': { type: 'string', description: 'unit of recency, T and alpha: day (default) or week' },
    json: { type: 'string', description: 'write the run record and one entry per customer to this file' },
  },
  required: ['db'],
  async run(values, _positionals, io) {
    const asOf = values['as-of'];
    if (asOf !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
      throw new UsageError(`--as-of must be a date YYYY-MM-DD, got "${asOf}".`);
    }
    const timeUnit = oneOf(values['time-unit'], 'time-unit', timeUnits, 'day');
    return withShop(values.db, { mustExist: true }, async (_client, core) => {
      const service = analysisService(core.context);
      const { done } = service.start('cli', { asOf, timeUnit });
      const outcome = await done;
      if (outcome.status !== 'done' || !outcome.shop) {
        io.err(`The analysis ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}.`);
        return EXIT_FAILURE;
      }
      const shop = outcome.shop;
      const fits = shop.fits;
      io.out(`run ${outcome.runId} as of ${shop.referenceDate} in ${shop.timeUnit}s`);
      io.out(`customers ${shop.customers}, buyers ${shop.buyers}, repeat customers ${shop.repeatCustomers}`);
      io.out(
        fits.bgnbd
          ? `BG/NBD r=${fits.bgnbd.r.toFixed(4)} alpha=${fits.bgnbd.alpha.toFixed(4)} a=${fits.bgnbd.a.toFixed(4)} b=${fits.bgnbd.b.toFixed(4)} LL=${fits.bgnbd.logLikelihood.toFixed(2)}`
          : 'BG/NBD not fitted (see the data-sufficiency verdict below)',
      );
      io.out(
        fits.gammaGamma
          ? `Gamma-Gamma p=${fits.gammaGamma.p.toFixed(4)} q=${fits.gammaGamma.q.toFixed(4)} gamma=${fits.gammaGamma.gamma.toFixed(2)} (minor units)`
          : 'Gamma-Gamma not fitted',
      );
      // Why a model was left out or fell back, worded as the card and the dashboard say it.
      if (shop.verdict.reasons.length > 0) {
        io.out('data-sufficiency verdict:');
        for (const reason of shop.verdict.reasons) io.out(`  ${formatReason(reason, 'en')}`);
      }
      const ruleCount = (level: string): number => shop.rules.filter((rule) => rule.level === level).length;
      io.out(
        `rules ${ruleCount('product')} product (from ${shop.ruleBaskets} baskets), ${ruleCount('category')} category (from ${shop.categoryRuleBaskets} baskets)`,
      );
      if (outcome.timings)
        io.out(
          `total ${outcome.timings.totalMs.toFixed(0)} ms (read ${outcome.timings.readMs.toFixed(0)}, compute ${outcome.timings.computeMs.toFixed(0)}, write ${outcome.timings.writeMs.toFixed(0)})`,
        );
      if (values.json) await writeJson(core.context.db, outcome.runId, path.resolve(values.json));
      return EXIT_OK;
    });
  },
});

/** Streams the JSON (a 100k-customer shop makes a big file) from what was stored, not from memory. */
async function writeJson(db: Parameters<typeof readRun>[0], runId: string, file: string): Promise<void> {
  const run = readRun(db, runId);
  if (!run) throw new Error('the run just written is missing');
  const record = {
    ...run,
    models: {
      bgnbd: run.models?.bgnbd ? { ...run.models.bgnbd, timeUnit: run.timeUnit } : null,
      gammaGamma: run.models?.gammaGamma ?? null,
    },
  };
  const out = createWriteStream(file, { encoding: 'utf8' });
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  // Rules sit beside the run record, each with its level ('product' or 'category').
  await write(
    `{"run":${JSON.stringify(record)},"rules":${JSON.stringify(readRunRules(db, runId))},"customers":[`,
  );
  let first = true;
  const shapes = readReasonShapes(db, runId);
  for (const row of iterateSnapshotForExport(db, runId)) {
    const entry = {
      code: row.member_no ?? row.customer_id,
      id: row.customer_id,
      R: row.recency_days,
      F: row.frequency,
      M: row.monetary_minor,
      visits: row.visits,
      scores: { r: row.r_score, f: row.f_score, m: row.m_score },
      segment: row.segment,
      abc: row.abc_class,
      tier: row.value_tier,
      stage: row.lifecycle_stage,
      loyalty: row.loyalty_type,
      pAlive: row.p_alive,
      expectedPurchases: row.expected_purchases,
      predictedClv: row.predicted_clv_minor,
      firstPurchase: row.first_purchase,
      lastPurchase: row.last_purchase,
      reasons: decodeReasons(row.reasons, shapes),
    };
    await write(`${first ? '' : ','}\n${JSON.stringify(entry)}`);
    first = false;
  }
  await write('\n]}\n');
  out.end();
  await once(out, 'finish');
}
