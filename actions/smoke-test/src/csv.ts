// A small RFC 4180 CSV reader: quoted fields with doubled quotes, commas and new lines inside quotes, CRLF or
// LF rows, a leading UTF-8 byte-order mark dropped. Enough to compute what a dataset's answer must be.

export class CsvError extends Error {
  override name = 'CsvError';
}

export interface Table {
  headers: string[];
  rows: string[][];
}

export function parseCsv(text: string): Table {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < source.length) {
    const char = source[i] as string;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      i++;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (char === '\r' && source[i + 1] === '\n') i++;
    } else field += char;
    i++;
  }
  if (quoted) throw new CsvError('a quoted field is never closed');
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const nonEmpty = records.filter((row) => !(row.length === 1 && row[0] === ''));
  const [headers, ...rows] = nonEmpty;
  if (!headers) throw new CsvError('it is empty');
  return { headers: headers.map((header) => header.trim()), rows };
}
