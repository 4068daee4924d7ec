import { holdPartition } from './kept-partitions';

/** An account's material records (MATERIALS#<appid>), kept until `until` and then purged by TTL, as its rules and inbox are. */
export const holdMaterials = (appid: string, until: number) => holdPartition(`MATERIALS#${appid}`, until);
