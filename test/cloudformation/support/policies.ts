// Every IAM policy statement in a set of templates: role, managed and bucket policies, trust and endpoint
// policies alike, wherever a resource nests a document with a Statement list.
import type { Templates } from './templates.js';

export interface FoundStatement {
  where: string;
  Effect?: string;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

function collect(node: unknown, where: string, into: FoundStatement[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, index) => {
      collect(item, `${where}[${index}]`, into);
    });
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const statement = (node as { Statement?: unknown }).Statement;
  if (Array.isArray(statement)) {
    statement.forEach((item, index) => {
      into.push({ where: `${where}.Statement[${index}]`, ...(item as object) });
    });
  }
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'Statement') collect(value, `${where}.${key}`, into);
  }
}

export function statements(templates: Templates): FoundStatement[] {
  const found: FoundStatement[] = [];
  for (const [stack, template] of Object.entries(templates)) {
    for (const [id, resource] of Object.entries(template.Resources)) {
      collect(resource.Properties, `${stack}/${id}`, found);
    }
  }
  return found;
}

export function actionsOf(statement: FoundStatement): string[] {
  const actions = statement.Action ?? [];
  return Array.isArray(actions) ? actions : [actions];
}
