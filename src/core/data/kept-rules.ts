import { holdPartition, releasePartition } from './kept-partitions';

/** An unbound account's reply rules (RULES#<appid>), kept for a re-bind until `until`, then purged by TTL. */
export const holdRules = (appid: string, until: number) => holdPartition(`RULES#${appid}`, until);
export const releaseRules = (appid: string) => releasePartition(`RULES#${appid}`);
