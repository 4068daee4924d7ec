import * as z from 'zod';
import { okBody } from '../http/outputs';
import { accountSummary } from '../users/outputs';

/** Answers of official-account binding and third-party authorization. */

export const BindDirectOutput = okBody({ account: accountSummary });

export const AuthUrlOutput = okBody({
  authUrl: z.string().meta({ description: "WeChat's authorization page for a PC browser" }),
  mobileAuthUrl: z.string().meta({ description: 'the same inside WeChat on a phone' }),
  expires_in: z.number().int(),
});

export const SettingsOutput = okBody({ appid: z.string(), domains: z.array(z.string()) });
