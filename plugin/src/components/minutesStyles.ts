import { makeStaticStyles, makeStyles, tokens } from "@fluentui/react-components";

/** A4 with 15 mm margins: the minutes are printed and archived. */
export const useMinutesPageRule = makeStaticStyles("@page { size: A4; margin: 15mm; }");

/** The minutes as a document: read on screen, printed black on white. */
export const useMinutesStyles = makeStyles({
  document: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalL,
    "@media print": { color: "#000", backgroundColor: "#fff", gap: "4mm" },
  },
  heading: { margin: 0 },
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  paragraph: { margin: 0 },
  small: { margin: 0, fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2, "@media print": { color: "#000" } },
  // The full hash is long and unbroken: it may wrap anywhere.
  hash: { fontFamily: tokens.fontFamilyMonospace, wordBreak: "break-all" },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  facts: {
    display: "grid",
    gridTemplateColumns: "max-content minmax(0, 1fr)",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  // A term and its detail side by side in the grid; the wrapper keeps the list valid.
  pair: { display: "contents" },
  term: { fontWeight: tokens.fontWeightSemibold },
  detail: { margin: 0 },
  table: {
    width: "100%",
    borderCollapse: "collapse",
    fontSize: tokens.fontSizeBase300,
    // Compact on paper: a voting list of 45 members fits on one page where it can.
    "@media print": { fontSize: "9pt", lineHeight: 1.25, breakInside: "avoid" },
  },
  caption: { textAlign: "start", fontWeight: tokens.fontWeightSemibold, paddingBottom: tokens.spacingVerticalXS },
  // Repeated at the top of every printed page the table runs onto.
  head: { "@media print": { display: "table-header-group" } },
  row: { breakInside: "avoid" },
  cell: {
    textAlign: "start",
    verticalAlign: "top",
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    "@media print": { borderBottom: "0.5pt solid #000", padding: "0.6mm 1.5mm" },
  },
  headerCell: { fontWeight: tokens.fontWeightSemibold },
  numberCell: { width: "3.5em", textAlign: "end" },
  // Kept with what follows: a heading is not left alone at the foot of a printed page.
  keepWithNext: { breakAfter: "avoid" },
  card: {
    display: "flex",
    flexDirection: "column",
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    "@media print": { padding: 0, border: "none", backgroundColor: "#fff" },
  },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  // Buttons and forms are for the screen only.
  noPrint: { "@media print": { display: "none" } },
});
