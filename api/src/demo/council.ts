import type { CouncilCommand } from "../domain/council/commands.js";
import type { AgendaItemRecord, MemberRecord, Role, UserRecord } from "../domain/council/events.js";

/** The demo council of `npm start`: "Exempelstads kommunfullmäktige", 45 seats over 8 parties. */
export const DEMO_ASSEMBLY_ID = "kf";
export const DEMO_MEETING_ID = "kf-2026-12-14";

const PARTIES: ReadonlyArray<{ code: string; seats: number }> = [
  { code: "S", seats: 12 },
  { code: "M", seats: 10 },
  { code: "SD", seats: 7 },
  { code: "C", seats: 4 },
  { code: "V", seats: 4 },
  { code: "KD", seats: 3 },
  { code: "L", seats: 3 },
  { code: "MP", seats: 2 },
];

const FIRST_NAMES = [
  "Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Anders", "Kristina", "Per",
  "Lena", "Mikael", "Elisabeth", "Karl", "Ingrid", "Jan", "Sara", "Peter", "Marie", "Thomas",
  "Emma", "Daniel", "Helena", "Fredrik", "Linnea", "Magnus", "Sofia", "Mats", "Ulla", "Nils",
  "Birgitta", "Oskar", "Malin", "Henrik", "Camilla", "Gustav", "Annika", "Olof", "Jenny", "Stefan",
  "Åsa", "Björn", "Ida", "Göran", "Elin", "Patrik", "Margareta", "Jonas", "Hanna", "Leif",
  "Agneta", "Mattias", "Louise", "Bengt", "Therese", "Ahmed", "Amina", "Ali", "Fatima", "Mehmet",
  "Jessica", "Tobias", "Cecilia", "Rolf", "Susanne", "Kent", "Ebba", "Viktor", "Gunilla", "Ola",
];

const SURNAMES = [
  "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
  "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström",
  "Olofsson", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist",
  "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Ali", "Engström",
  "Eklund", "Danielsson", "Håkansson", "Lundin", "Björk", "Bergman", "Gunnarsson", "Holm", "Wikström", "Samuelsson",
  "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg", "Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist",
  "Claesson", "Nordström", "Mårtensson", "Lundström", "Hassan", "Viklund", "Björklund", "Eliasson", "Pålsson", "Berggren",
];

/** A plausible, unique Swedish name for the n-th person (0-based). */
const nameOf = (n: number): string => `${FIRST_NAMES[n % FIRST_NAMES.length]} ${SURNAMES[(n * 7 + 3) % SURNAMES.length]}`;

export function demoMembers(): MemberRecord[] {
  const members: MemberRecord[] = [];
  let seat = 0;
  let person = 0;
  for (const party of PARTIES) {
    for (let i = 0; i < party.seats; i += 1) {
      seat += 1;
      members.push({ id: `member-${seat}`, name: nameOf(person++), party: party.code, kind: "ORDINARY", seat, substituteRank: null });
    }
  }
  for (const party of PARTIES) {
    for (let rank = 1; rank <= Math.ceil(party.seats / 2); rank += 1) {
      members.push({
        id: `sub-${party.code}-${rank}`,
        name: nameOf(person++),
        party: party.code,
        kind: "SUBSTITUTE",
        seat: null,
        substituteRank: rank,
      });
    }
  }
  return members;
}

export function demoUsers(members: readonly MemberRecord[]): UserRecord[] {
  const memberUsers = members.map((m): UserRecord => ({
    userId: m.id,
    displayName: m.name,
    memberId: m.id,
    // The chair (ordförande) is the member in seat 1.
    roles: m.seat === 1 ? ["MEMBER", "CHAIR"] : ["MEMBER"],
  }));
  const staff = (userId: string, displayName: string, role: Role): UserRecord => ({ userId, displayName, memberId: null, roles: [role] });
  return [
    ...memberUsers,
    staff("clerk-1", "Karin Sekreterare Holmqvist", "CLERK"),
    staff("clerk-2", "Oskar Sekreterare Dahl", "CLERK"),
    staff("admin", "IT-förvaltningen (admin)", "ADMIN"),
    staff("observer", "Åhörare (observer)", "OBSERVER"),
  ];
}

const DOCS = "https://www.exempelstad.se/kommunfullmaktige/2026-12-14";

interface ItemSpec {
  readonly title: string;
  readonly caseNumber: string | null;
  readonly description: string;
  readonly documents: readonly string[];
  readonly proposals: ReadonlyArray<{ label: string; text: string; proposedBy: string | null }>;
}

const AGENDA: readonly ItemSpec[] = [
  {
    title: "Upprop och val av justerare",
    caseNumber: null,
    description: "Ordföranden förrättar upprop. Två ledamöter väljs att jämte ordföranden justera protokollet.",
    documents: [],
    proposals: [{ label: "Ordförandens förslag", text: "Protokollet justeras av Erik Larsson (M) och Lena Mattsson (S) den 18 december 2026.", proposedBy: "Ordföranden" }],
  },
  {
    title: "Budget 2027 och flerårsplan 2028–2029",
    caseNumber: "KS 2026/412",
    description:
      "Kommunstyrelsen föreslår budget för 2027 med en flerårsplan för 2028–2029, med ramar för nämnderna, investeringsbudget och finansiella mål.",
    documents: ["budget-2027-ks-forslag.pdf", "budget-2027-m-forslag.pdf", "budget-2027-sd-forslag.pdf", "ks-protokoll-2026-11-24-par-187.pdf"],
    proposals: [
      { label: "Kommunstyrelsens förslag", text: "Fullmäktige fastställer budget 2027 och flerårsplan 2028–2029 enligt kommunstyrelsens förslag.", proposedBy: "Kommunstyrelsen" },
      { label: "Moderaternas förslag", text: "Fullmäktige fastställer budget 2027 enligt Moderaternas budgetförslag.", proposedBy: "Moderaterna" },
      { label: "Sverigedemokraternas förslag", text: "Fullmäktige fastställer budget 2027 enligt Sverigedemokraternas budgetförslag.", proposedBy: "Sverigedemokraterna" },
    ],
  },
  {
    title: "Skattesats för 2027",
    caseNumber: "KS 2026/413",
    description: "Fastställande av kommunens skattesats för inkomståret 2027.",
    documents: ["skattesats-2027-tjansteskrivelse.pdf"],
    proposals: [
      { label: "Kommunstyrelsens förslag", text: "Skattesatsen för 2027 fastställs till 21,64 kronor per skattekrona.", proposedBy: "Kommunstyrelsen" },
      { label: "Moderaternas yrkande", text: "Skattesatsen för 2027 fastställs till 21,39 kronor per skattekrona.", proposedBy: "Moderaterna" },
    ],
  },
  {
    title: "Motion om avgiftsfri kollektivtrafik för unga under 20 år",
    caseNumber: "KS 2025/188",
    description: "Vänsterpartiet föreslår i en motion att kollektivtrafiken ska vara avgiftsfri för unga under 20 år.",
    documents: ["motion-avgiftsfri-kollektivtrafik.pdf", "ks-yttrande-motion-kollektivtrafik.pdf"],
    proposals: [
      { label: "Kommunstyrelsens förslag", text: "Motionen avslås.", proposedBy: "Kommunstyrelsen" },
      { label: "Vänsterpartiets yrkande", text: "Motionen bifalls.", proposedBy: "Vänsterpartiet" },
    ],
  },
  {
    title: "Medborgarförslag om belysning längs gång- och cykelvägen vid Sjövallen",
    caseNumber: "KS 2026/97",
    description: "En invånare föreslår att gång- och cykelvägen mellan Sjövallen och Norrskolan förses med belysning.",
    documents: ["medborgarforslag-belysning-sjovallen.pdf", "tekniska-namnden-yttrande.pdf"],
    proposals: [
      { label: "Kommunstyrelsens förslag", text: "Medborgarförslaget anses besvarat med hänvisning till tekniska nämndens yttrande.", proposedBy: "Kommunstyrelsen" },
      { label: "Centerpartiets yrkande", text: "Medborgarförslaget bifalls.", proposedBy: "Centerpartiet" },
    ],
  },
  {
    title: "Remiss: Regional transportplan för Exempellän 2026–2037",
    caseNumber: "KS 2026/301",
    description: "Region Exempellän har remitterat förslaget till regional transportplan. Kommunstyrelsen har tagit fram ett yttrande.",
    documents: ["remiss-regional-transportplan.pdf", "yttrande-regional-transportplan.pdf"],
    proposals: [
      { label: "Kommunstyrelsens förslag", text: "Fullmäktige antar yttrandet som sitt eget och överlämnar det till Region Exempellän.", proposedBy: "Kommunstyrelsen" },
    ],
  },
  {
    title: "Val av ledamot i kultur- och fritidsnämnden efter avsägelse",
    caseNumber: "KS 2026/455",
    description: "Ulla Björk (KD) har avsagt sig uppdraget som ledamot i kultur- och fritidsnämnden. Fyllnadsval för tiden till och med 2026.",
    documents: ["avsagelse-ulla-bjork.pdf"],
    proposals: [
      { label: "Valberedningens förslag", text: "Till ny ledamot i kultur- och fritidsnämnden väljs Mattias Holm (KD).", proposedBy: "Valberedningen" },
    ],
  },
  {
    title: "Taxor för vatten och avlopp 2027",
    caseNumber: "KS 2026/390",
    description: "Förslag till höjning av brukningsavgiften för vatten och avlopp med 6 procent från den 1 januari 2027.",
    documents: ["va-taxa-2027.pdf", "va-taxa-2027-konsekvensanalys.pdf"],
    proposals: [
      { label: "Kommunstyrelsens förslag", text: "Taxan för vatten och avlopp 2027 fastställs enligt bilaga.", proposedBy: "Kommunstyrelsen" },
      { label: "Återremissyrkande", text: "Ärendet återremitteras för en analys av taxans effekter på hushåll med låga inkomster.", proposedBy: "Sverigedemokraterna" },
    ],
  },
  {
    title: "Detaljplan för kvarteret Lärkan, Norra Exempelstad",
    caseNumber: "KS 2025/77",
    description: "Detaljplanen möjliggör cirka 120 bostäder och en förskola i kvarteret Lärkan.",
    documents: ["detaljplan-larkan-plankarta.pdf", "detaljplan-larkan-planbeskrivning.pdf", "granskningsutlatande-larkan.pdf"],
    proposals: [{ label: "Kommunstyrelsens förslag", text: "Detaljplanen för kvarteret Lärkan antas.", proposedBy: "Kommunstyrelsen" }],
  },
  {
    title: "Anmälan av nya motioner och medborgarförslag",
    caseNumber: null,
    description: "Nya motioner och medborgarförslag som inkommit sedan förra sammanträdet anmäls och remitteras till kommunstyrelsen.",
    documents: ["anmalda-motioner-2026-12.pdf"],
    proposals: [{ label: "Ordförandens förslag", text: "Anmälda motioner och medborgarförslag remitteras till kommunstyrelsen.", proposedBy: "Ordföranden" }],
  },
];

export function demoAgenda(meetingId: string): AgendaItemRecord[] {
  return AGENDA.map((spec, i) => {
    const id = `${meetingId}-${i + 1}`;
    return {
      id,
      number: i + 1,
      title: spec.title,
      caseNumber: spec.caseNumber,
      description: spec.description,
      documentUrls: spec.documents.map((d) => `${DOCS}/${d}`),
      proposals: spec.proposals.map((p, j) => ({ id: `${id}-${String.fromCharCode(97 + j)}`, ...p })),
    };
  });
}

/** The commands that create the demo council on an empty ledger. */
export function demoCouncil(): CouncilCommand[] {
  const members = demoMembers();
  return [
    {
      type: "RegisterAssembly",
      data: { assemblyId: DEMO_ASSEMBLY_ID, name: "Exempelstads kommunfullmäktige", seatCount: 45, members, users: demoUsers(members) },
    },
    {
      type: "ScheduleMeeting",
      data: {
        meetingId: DEMO_MEETING_ID,
        assemblyId: DEMO_ASSEMBLY_ID,
        title: "Kommunfullmäktige 14 december 2026",
        scheduledAt: "2026-12-14T17:00:00.000Z",
        teamsMeetingId: null,
        agenda: demoAgenda(DEMO_MEETING_ID),
      },
    },
  ];
}
