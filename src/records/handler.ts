import { recordHandler } from './consume';
import { recordPlugins } from './registry';

/** Lambda entry of the record stream consumer (lib/record-stream.ts), with every area's plug-in. */
export const handler = recordHandler(recordPlugins);
