// CSV cells for the exports (citizen view, draft, class results): one
// place that quotes and neutralises what a spreadsheet would run.
//
// A cell that starts with =, +, -, @, a tab or a carriage return is read
// by spreadsheets as a formula (an authority or a file name such as
// =HYPERLINK("http://…") would become a link on every row). As OWASP
// recommends, such a cell gets a leading apostrophe, which spreadsheets
// show as text; plain numbers ("-12,5", "+3", as money.js's csvNumber
// writes them) are left as they are, so
// that negative amounts stay numbers. Then a cell holding the separator, a
// quote or a line break is quoted, its quotes doubled.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+([.,]\d+)?$/;
const NEEDS_QUOTES = /[;"\n\r]/;

/** A cell of a CSV file separated by ';', safe to open in a spreadsheet. */
export function csvCell(v) {
  let t = String(v ?? '');
  if (FORMULA_START.test(t) && !PLAIN_NUMBER.test(t)) t = `'${t}`;
  return NEEDS_QUOTES.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

/** A line of cells separated by ';' (without its line ending). */
export function csvLine(cells) {
  return cells.map(csvCell).join(';');
}
