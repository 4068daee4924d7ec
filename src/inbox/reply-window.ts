/**
 * WeChat's customer-service window: an account may message a follower for 48 hours after the
 * follower messaged it, tapped a click/scancode_push/scancode_waitmsg button, followed it or
 * scanned its QR code (WeChat's list; a VIEW tap, a location report or unfollowing do not open it).
 * Pure.
 */
export const windowSeconds = 48 * 3600;

const openingEvents = new Set(['subscribe', 'scan', 'click', 'scancode_push', 'scancode_waitmsg']);

export const opensWindow = (message: { msgType: string; event?: string }): boolean =>
  message.msgType !== 'event' || openingEvents.has((message.event ?? '').toLowerCase());

/** Retention shorter than the window: an absent record proves nothing. */
export const recordProvesClosed = (retentionDays: number): boolean => retentionDays * 86_400 >= windowSeconds;

export type WindowState = { state: 'open'; closesAt: number; lastMessageAt: number } | { state: 'closed' } | { state: 'unknown' };

export const windowState = (lastOpening: number | undefined, retentionDays: number, now: number): WindowState => {
  if (lastOpening !== undefined && now - lastOpening <= windowSeconds) {
    return { state: 'open', lastMessageAt: lastOpening, closesAt: lastOpening + windowSeconds };
  }
  return recordProvesClosed(retentionDays) ? { state: 'closed' } : { state: 'unknown' };
};
