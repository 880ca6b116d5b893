// Only the ConnectWise Manage fields Flightdeck reads or writes.
export type ConnectWiseCredentials = { companyId: string; publicKey: string; privateKey: string; clientId: string };

export type CwRef = { id: number; name?: string; identifier?: string };

export type CwCompany = { id: number; identifier: string; name: string; status?: CwRef | null; deletedFlag?: boolean };

export type CwTicket = {
  id: number;
  summary: string;
  board?: CwRef | null;
  status?: CwRef | null;
  company?: CwRef | null;
  priority?: CwRef | null;
  source?: CwRef | null;
  externalXRef?: string | null;
  closedFlag?: boolean | null;
};

export type CwNote = {
  id: number;
  ticketId: number;
  text: string;
  internalAnalysisFlag: boolean;
  resolutionFlag: boolean;
  detailDescriptionFlag: boolean;
  dateCreated?: string | null;
};

export type CwTimeEntry = { id: number; chargeToId: number; chargeToType: string; actualHours?: number | null };

export type CwBoard = { id: number; name: string; inactiveFlag?: boolean; projectFlag?: boolean };
export type CwBoardStatus = {
  id: number;
  name: string;
  inactive?: boolean;
  closedStatus?: boolean;
  defaultFlag?: boolean;
  sortOrder?: number;
};
export type CwPriority = { id: number; name: string; defaultFlag?: boolean; sortOrder?: number };
export type CwSource = { id: number; name: string; defaultFlag?: boolean };

export type CwPatchOperation = { op: 'replace' | 'add' | 'remove'; path: string; value?: unknown };
