/**
 * The name a deleted user's audit entries carry instead of theirs (SPEC's retention table): a marker
 * the API answers as is and the console words in the reader's language (已注销的成员).
 */
export const formerMemberName = 'deleted user';
