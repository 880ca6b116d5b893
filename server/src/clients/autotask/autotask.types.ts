// Only the Autotask fields Flightdeck reads or writes (camelCase on the wire).
export type AutotaskCredentials = { username: string; secret: string; integrationCode: string };

export type AutotaskZone = { url: string; webUrl: string; zoneName?: string };

export type AutotaskCompany = { id: number; companyName: string; isActive: boolean; companyNumber?: string | null };

export type AutotaskTicket = {
  id: number;
  ticketNumber: string;
  title: string;
  companyID: number;
  status: number;
  queueID?: number | null;
  externalID: string | null;
  completedDate?: string | null;
};

export type AutotaskTimeEntry = { id: number; ticketID: number; hoursWorked: number | null };

export type AutotaskPicklistValue = { value: string; label: string; isDefaultValue: boolean; isActive: boolean; sortOrder: number };
export type AutotaskField = { name: string; isPickList: boolean; picklistValues: AutotaskPicklistValue[] | null };

export type AutotaskFilter =
  | {
      op: 'eq' | 'noteq' | 'gt' | 'gte' | 'lt' | 'lte' | 'beginsWith' | 'endsWith' | 'contains';
      field: string;
      value: string | number | boolean;
    }
  | { op: 'in' | 'notIn'; field: string; value: (string | number)[] }
  | { op: 'exist' | 'notExist'; field: string }
  | { op: 'and' | 'or'; items: AutotaskFilter[] };

export type AutotaskQuery = { filter: AutotaskFilter[]; MaxRecords?: number; IncludeFields?: string[] };

export type AutotaskPage<T> = {
  items: T[];
  pageDetails: { count: number; requestCount: number; prevPageUrl: string | null; nextPageUrl: string | null };
};

export type AutotaskThreshold = {
  externalRequestThreshold: number;
  requestThresholdTimeframe: number;
  currentTimeframeRequestCount: number;
};
