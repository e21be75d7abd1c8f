import type { CallLogPage } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';

/** 1 … 4 5 [6] 7 8 … 20: the first, the last and two either side of the current page. */
export function pageNumbers(current: number, pages: number): (number | 'gap')[] {
  const shown = new Set([1, pages, current - 2, current - 1, current, current + 1, current + 2]);
  const numbers = [...shown].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  const result: (number | 'gap')[] = [];
  for (const n of numbers) {
    const previous = result.at(-1);
    if (typeof previous === 'number' && n - previous === 2) result.push(previous + 1);
    else if (typeof previous === 'number' && n - previous > 2) result.push('gap');
    result.push(n);
  }
  return result;
}

export function Pagination({ page, onPage }: { page: CallLogPage; onPage: (page: number) => void }) {
  const { t, formatNumber } = useT();
  if (page.total === 0) return null;
  const first = (page.page - 1) * page.limit + 1;
  const last = Math.min(page.page * page.limit, page.total);

  return (
    <div className="pagination">
      <p className="pagination__summary" data-testid="list-total">
        {first <= page.total
          ? t.showingRange(formatNumber(first), formatNumber(last), t.callCount(page.total, formatNumber(page.total)))
          : t.callCount(page.total, formatNumber(page.total))}
      </p>
      {page.pages > 1 && (
        <nav aria-label={t.pagination}>
          <ul className="pagination__pages">
            <li>
              <button type="button" className="page-button" disabled={page.page <= 1} onClick={() => onPage(page.page - 1)}>
                ‹ {t.previousPage}
              </button>
            </li>
            {pageNumbers(page.page, page.pages).map((n, index) =>
              n === 'gap' ? (
                <li key={`gap-${index}`} className="pagination__gap" aria-hidden="true">
                  …
                </li>
              ) : (
                <li key={n}>
                  <button
                    type="button"
                    className="page-button"
                    aria-label={t.pageN(formatNumber(n))}
                    aria-current={n === page.page ? 'page' : undefined}
                    onClick={() => onPage(n)}
                  >
                    {formatNumber(n)}
                  </button>
                </li>
              ),
            )}
            <li>
              <button type="button" className="page-button" disabled={page.page >= page.pages} onClick={() => onPage(page.page + 1)}>
                {t.nextPage} ›
              </button>
            </li>
          </ul>
        </nav>
      )}
    </div>
  );
}
