// One click on the workbench, timed inside the page: performance.now() just before the click, then
// the results panel's verdict counter (data-seq) changing, then the next animation frame (the
// verdict painted). Shared by the browser-Run e2e test and scripts/bench-e2e.ts so both time alike.
import type { Page } from 'playwright-core';

export interface TimedVerdict {
  ms: number;
  /** The results panel's data-status: passed, failed, ... */
  status: string;
  /** The failing cases' texts, or the summary line when none failed. */
  failures: string[];
}

export function clickToVerdict(page: Page, button: string, timeoutMs = 30_000): Promise<TimedVerdict> {
  return page.evaluate(
    async ({ button, timeoutMs }) => {
      const results = document.querySelector<HTMLElement>('[data-seq]');
      const target = [...document.querySelectorAll('button')].find((el) => el.textContent?.trim().startsWith(button));
      if (!results || !target) throw new Error('the workbench is not on the page');
      const before = Number(results.dataset.seq);
      const t0 = performance.now();
      const shown = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => { obs.disconnect(); reject(new Error(`no verdict within ${timeoutMs} ms`)); }, timeoutMs);
        const obs = new MutationObserver(() => {
          if (Number(results.dataset.seq) > before) {
            obs.disconnect();
            clearTimeout(timer);
            resolve();
          }
        });
        obs.observe(results, { attributes: true, attributeFilter: ['data-seq'] });
      });
      target.click();
      await shown;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const ms = performance.now() - t0;
      const failures = [...results.querySelectorAll('[data-case][data-passed="false"]')].map((c) => c.textContent ?? '');
      const summary = results.querySelector('[data-status]')?.textContent ?? '';
      return { ms, status: results.querySelector('[data-status]')?.getAttribute('data-status') ?? '', failures: failures.length ? failures : [summary] };
    },
    { button, timeoutMs },
  );
}
