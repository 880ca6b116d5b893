// The editable form state of one integration, and the save body built from it. Secrets start
// empty: an empty secret field means "keep the stored value".
import type { ApiLogLevel, Integration, PsaKind, TicketDefaults } from '@/app/api-types';

export const CONNECTION_FIELDS: Record<PsaKind, { name: string; label: string; placeholder?: string; secret?: boolean }[]> = {
  autotask: [
    { name: 'apiUrl', label: 'API URL (zone discovery)', placeholder: 'https://webservices.autotask.net/ATServicesRest/' },
    { name: 'username', label: 'API username', placeholder: 'api-user@yourmsp.com' },
    { name: 'secret', label: 'Secret', secret: true },
    { name: 'integrationCode', label: 'Tracking identifier (integration code)', secret: true },
  ],
  connectwise: [
    { name: 'siteUrl', label: 'Site', placeholder: 'https://na.myconnectwise.net or your Manage server' },
    { name: 'codebase', label: 'Code base', placeholder: 'v4_6_release' },
    { name: 'companyId', label: 'Company id' },
    { name: 'publicKey', label: 'Public key' },
    { name: 'privateKey', label: 'Private key', secret: true },
    { name: 'clientId', label: 'Client id' },
  ],
};

export type Draft = {
  enabled: boolean;
  environment: 'sandbox' | 'production';
  flightdeckBaseUrl: string;
  ticketDefaults: TicketDefaults;
  allowResolving: boolean;
  allowManualTicketNumbers: boolean;
  apiLogLevel: ApiLogLevel;
  fields: Record<string, string>;
};

// Field names mix connection keys and secret names; read the connection by any of them.
const connectionOf = (integration: Integration): Partial<Record<string, string | null>> => integration.connection;

export const draftOf = (integration: Integration): Draft => ({
  enabled: integration.enabled,
  environment: integration.environment,
  flightdeckBaseUrl: integration.flightdeckBaseUrl ?? (integration.configured ? '' : window.location.origin),
  ticketDefaults: integration.ticketDefaults,
  allowResolving: integration.allowResolving,
  allowManualTicketNumbers: integration.allowManualTicketNumbers,
  apiLogLevel: integration.apiLogLevel,
  fields: Object.fromEntries(
    CONNECTION_FIELDS[integration.kind].map((f) => [f.name, f.secret ? '' : String(connectionOf(integration)[f.name] ?? '')]),
  ),
});

export const saveBodyOf = (kind: PsaKind, draft: Draft) => {
  const fields = Object.fromEntries(
    CONNECTION_FIELDS[kind].flatMap((f) => {
      const value = draft.fields[f.name] ?? '';
      return f.secret && value === '' ? [] : [[f.name, f.secret ? value : value.trim()]];
    }),
  );
  return {
    kind,
    enabled: draft.enabled,
    environment: draft.environment,
    flightdeckBaseUrl: draft.flightdeckBaseUrl.trim() || null,
    ticketDefaults: draft.ticketDefaults,
    allowResolving: draft.allowResolving,
    allowManualTicketNumbers: draft.allowManualTicketNumbers,
    apiLogLevel: draft.apiLogLevel,
    ...fields,
  };
};
