/**
 * A4 print layout for the card: the app's chrome and the action buttons are hidden and the
 * timeline is unclipped. `window.print()` works in the browser preview and in Electron, whose
 * print dialog offers "Save as PDF".
 */
const PRINT_CSS = `
@media print {
  @page { size: A4; margin: 12mm; }
  .mantine-AppShell-header, .mantine-AppShell-navbar, .no-print, .mantine-Notifications-root { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; min-height: 0 !important; }
  .print-card { font-size: 10pt; }
  .print-card .mantine-Card-root { break-inside: avoid; box-shadow: none; }
  .print-card .timeline-scroll { height: auto !important; max-height: 90mm; overflow: hidden !important; }
}
`;

export function PrintStyles(): React.JSX.Element {
  return <style>{PRINT_CSS}</style>;
}
