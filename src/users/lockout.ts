/**
 * Login lock-out policy: 5 wrong passwords for a username within 15 minutes lock it for 15
 * minutes. The count lives in DynamoDB and moves by atomic updates (src/users/data/login-attempts.ts),
 * so parallel attempts cannot outrun it; this is only the numbers it applies.
 */
export const lockoutPolicy = { maxFailures: 5, windowSeconds: 15 * 60, lockSeconds: 15 * 60 } as const;
