/**
 * Why an imported auto-reply is as it is (pure data: the import, its contract and the console's
 * wording share it). firstKept: one of several replies kept; randomOne: the back office picked one
 * at random; newsAsLinks: a news reply made a news rule linking the same articles; notKept: a reply
 * left out beside the kept one; temporaryMedia: an image, voice or video WeChat lists as temporary
 * media; noArticles, unknownType, invalidReply: a reply that cannot be a rule; switchedOff: the back
 * office had it off; badKeyword, duplicate: a keyword that cannot be one here; exists: a rule here is kept.
 */
export const noteCodes = [
  'firstKept',
  'randomOne',
  'newsAsLinks',
  'notKept',
  'temporaryMedia',
  'noArticles',
  'unknownType',
  'invalidReply',
  'switchedOff',
  'badKeyword',
  'duplicate',
  'exists',
] as const;
export type ImportNoteCode = (typeof noteCodes)[number];
