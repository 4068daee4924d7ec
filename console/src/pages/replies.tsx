import { t } from '../i18n';
import type { PageProps } from './types';
export const RepliesPage = (_props: PageProps) => <div class="page"><h1>{t('replies.title')}</h1></div>;
