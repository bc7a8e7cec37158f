/**
 * @module
 * "MIXEY Matches": every other opted-in DJ with a profile, ranked by similarity to the signed-in DJ,
 * with the reasons and the unread count of their messages. People blocked either way are left out;
 * a DJ who already wrote to you is listed even when your styles differ, so the message is reachable.
 */
import type { Db } from "../../db/client.ts";
import { blockedEitherWay } from "./blocks.ts";
import { unreadBySender } from "./chat.ts";
import { type ConnectPerson, optedInPeople } from "./opt_in.ts";
import type { DjProfile } from "./profile.ts";
import { type Similarity, similarity } from "./similarity.ts";

/** A score below this is no match, unless there are messages. */
export const MIN_MATCH_SCORE = 20;
export const MAX_MATCHES = 20;

export interface Match {
  person: ConnectPerson;
  profile: DjProfile;
  similarity: Similarity;
  unread: number;
}

export type ProfileLoader = (userId: string) => Promise<DjProfile | null>;

/**
 * @example
 * const matches = await findMatches(db, user.id, myProfile, (id) => loadDjProfile(db, id, now));
 */
export async function findMatches(
  db: Db,
  me: string,
  myProfile: DjProfile,
  loadProfile: ProfileLoader,
): Promise<Match[]> {
  const [people, blocked, unread] = await Promise.all([
    optedInPeople(db),
    blockedEitherWay(db, me),
    unreadBySender(db, me),
  ]);
  const matches: Match[] = [];
  for (const person of people) {
    if (person.id === me || blocked.has(person.id)) continue;
    const profile = await loadProfile(person.id);
    if (!profile) continue;
    const alike = similarity(myProfile, profile);
    const unreadCount = unread.get(person.id) ?? 0;
    if (alike.score < MIN_MATCH_SCORE && unreadCount === 0) continue;
    matches.push({ person, profile, similarity: alike, unread: unreadCount });
  }
  return matches.sort((a, b) => b.unread - a.unread || b.similarity.score - a.similarity.score)
    .slice(0, MAX_MATCHES);
}
