import type { AccountSummary } from '../contract';
import type { Output } from '../contract';

/** What every page receives from the app shell. */
export interface PageProps {
  params: URLSearchParams;
  /** The signed-in user's profile (undefined on public pages). */
  profile?: Output<'user.me'> | undefined;
  /** The account the back office works on (pages with access 'account'). */
  account?: AccountSummary | undefined;
  /** The organization the console works in, with the user's role there. */
  organization?: Output<'team.organizations'>['organizations'][number] | undefined;
  /** Reloads the profile (after an authorization, a binding). */
  reloadProfile: () => Promise<void>;
  /** The login page tells the app a session now exists. */
  onLogin: () => void;
}
