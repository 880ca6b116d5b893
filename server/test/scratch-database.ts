// A throwaway database on the PostgreSQL server named by `serverUrl`, for one test file or one
// e2e Flightdeck instance. Returns its URL and a function that drops it.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const onServer = async (serverUrl: string, statement: string) => {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(statement);
  } finally {
    await admin.end();
  }
};

export const createScratchDatabase = async (serverUrl: string, prefix: string) => {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(serverUrl, `drop database if exists ${name} with (force)`) };
};
