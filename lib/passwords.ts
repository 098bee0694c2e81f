import bcrypt from 'bcryptjs';

// bcrypt with cost 11: about 150 ms a check in pure JS, slow enough to blunt guessing.
const COST = 11;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash) return Promise.resolve(false);
  return bcrypt.compare(password, hash);
}
