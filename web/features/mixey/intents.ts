/**
 * @module
 * Intent recognition for MIXEY: which account topics a question (English or German) is about, and
 * whether it asks about somebody else's account, which MIXEY never answers. Words are matched against
 * per-topic vocabularies; an entry ending in `*` matches every word it starts (`gerät*` → "Geräte").
 */
import type { Topic } from "./facts.ts";

const VOCABULARY: Record<Topic, readonly string[]> = {
  badges: [
    "badge*",
    "abzeichen",
    "achievement*",
    "erfolg*",
    "earn*",
    "verdien*",
    "freischalt*",
    "unlock*",
    "medal*",
    "medaille*",
    "trophy",
    "trophäe*",
    "leaderboard",
    "rangliste",
    "rank*",
    "streak*",
  ],
  stats: [
    "stats",
    "statistic*",
    "statistik*",
    "bpm",
    "tempo",
    "session*",
    "transition*",
    "übergang",
    "übergänge*",
    "genre*",
    "played",
    "play",
    "playtime",
    "gespielt*",
    "spielzeit",
    "harmonic*",
    "harmonisch*",
    "hours",
    "stunden",
    "mixed",
    "gemixt",
    "auflegen",
    "aufgelegt",
  ],
  devices: [
    "device*",
    "gerät*",
    "geraet*",
    "controller*",
    "warranty",
    "garantie*",
    "gewährleistung*",
    "firmware*",
    "serial*",
    "seriennummer*",
    "hardware",
    "mixer",
    "mischpult*",
  ],
  account: [
    "account*",
    "konto*",
    "profil*",
    "email",
    "e-mail",
    "mail",
    "adresse",
    "address",
    "settings",
    "setting",
    "einstellung*",
    "name",
    "verified",
    "verifiziert*",
    "bestätigt",
    "preview",
    "member",
    "mitglied*",
    "registriert",
    "id",
  ],
  cloud: [
    "cloud",
    "library",
    "bibliothek*",
    "mediathek*",
    "quota",
    "kontingent*",
    "speicher*",
    "storage",
    "space",
    "platz",
    "upload*",
    "hochgeladen*",
    "tracks",
    "track",
    "songs",
    "titel",
    "gb",
    "full",
    "voll",
  ],
};

const SOMEONE_ELSE = [
  /\b(?:another|other|different)\s+(?:user|users|person|people|dj|djs|account|accounts|member)\b/i,
  /\bsomeone\s+else|somebody\s+else|anyone\s+else\b/i,
  /\b(?:andere[nmrs]?|fremde[nmrs]?)\s+(?:nutzer|benutzer|person|personen|dj|djs|konto|konten|kunde[n]?)\b/i,
  /\bvon\s+(?:jemand|jemandem)\s+anderem\b/i,
];

const EMAIL = /[^\s@<>"']+@[^\s@<>"']+\.[^\s@<>"']+/g;
/** A Mixera ID (`MXR-` and eight of its letters and digits), not a device serial (`MXR-20250122-…`). */
const MIXERA_ID = /\bMXR-[A-HJ-NP-Z2-9]{8}\b(?!-)/gi;

export interface Recognised {
  /** Topics the question is about, best match first (at most three). */
  topics: Topic[];
  /** True when the question names another account (an address or Mixera ID not the user's own, "another user"). */
  aboutSomeoneElse: boolean;
}

/** The question's words; a hyphenated word also counts by its parts ("DJ-Statistiken" → "statistiken"). */
function words(question: string): string[] {
  const tokens = question.toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? [];
  return tokens.flatMap((token) =>
    token.includes("-") ? [token, ...token.split("-").filter(Boolean)] : [token]
  );
}

function matches(word: string, entry: string): boolean {
  return entry.endsWith("*") ? word.startsWith(entry.slice(0, -1)) : word === entry;
}

/**
 * @example
 * recognise("Wann läuft die Garantie meiner Geräte ab?", { email: "a@b.de", mixeraId: "MXR-ABCDEFGH" });
 * // { topics: ["devices"], aboutSomeoneElse: false }
 */
export function recognise(question: string, own: { email: string; mixeraId: string }): Recognised {
  const asked = words(question);
  const scored = (Object.keys(VOCABULARY) as Topic[])
    .map((topic) => ({
      topic,
      score: asked.filter((word) => VOCABULARY[topic].some((entry) => matches(word, entry))).length,
    }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score);
  const emails = (question.match(EMAIL) ?? []).map((e) => e.toLowerCase().replace(/[.,;:!?]+$/, ""));
  const ids = (question.match(MIXERA_ID) ?? []).map((id) => id.toUpperCase());
  const aboutSomeoneElse = SOMEONE_ELSE.some((pattern) => pattern.test(question)) ||
    emails.some((email) => email !== own.email.toLowerCase()) ||
    ids.some((id) => id !== own.mixeraId.toUpperCase());
  return { topics: scored.slice(0, 3).map(({ topic }) => topic), aboutSomeoneElse };
}
