import { deleteSession } from '../core/data/sessions';

export const logout = async (tokenHash: string): Promise<void> => {
  await deleteSession(tokenHash);
};
