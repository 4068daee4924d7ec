import { holdPartition, releasePartition } from './kept-partitions';

/** An unbound account's inbox (INBOX#<appid>), kept for a re-bind until `until` (or its own retention, if sooner), then purged by TTL. */
export const holdInbox = (appid: string, until: number) => holdPartition(`INBOX#${appid}`, until);
export const releaseInbox = (appid: string) => releasePartition(`INBOX#${appid}`);
