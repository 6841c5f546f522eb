// Reads a CloudFormation template, JSON or YAML, into plain data: short-form intrinsic functions (!Ref,
// !Sub, !GetAtt …) become their long form ({"Ref": …}, {"Fn::Sub": …}), as CloudFormation itself reads them.
import {
  type CollectionTag,
  isMap,
  isScalar,
  parse,
  parseDocument,
  type ScalarTag,
  type YAMLMap,
  YAMLParseError,
  type YAMLSeq,
} from 'yaml';

export interface TemplateParameter {
  Type: string;
  Default?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  Description?: string;
  NoEcho?: boolean;
}

export interface TemplateResource {
  Type: string;
  Properties?: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Condition?: string;
  DependsOn?: string | string[];
}

export interface Template {
  AWSTemplateFormatVersion?: string;
  Description?: string;
  Parameters?: Record<string, TemplateParameter>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, TemplateResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string; Export?: { Name: unknown } }>;
  [section: string]: unknown;
}

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
] as const;

function longForm(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

function tagsFor(name: string): (ScalarTag | CollectionTag)[] {
  const key = longForm(name);
  const tag = `!${name}`;
  return [
    { tag, resolve: (value: string) => ({ [key]: value }) } as ScalarTag,
    { tag, collection: 'seq', resolve: (seq: YAMLSeq) => ({ [key]: seq.toJSON() }) } as CollectionTag,
    { tag, collection: 'map', resolve: (map: YAMLMap) => ({ [key]: map.toJSON() }) } as CollectionTag,
  ];
}

const getAtt: (ScalarTag | CollectionTag)[] = [
  {
    tag: '!GetAtt',
    resolve: (value: string) => {
      const dot = value.indexOf('.');
      return { 'Fn::GetAtt': dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
    },
  } as ScalarTag,
  { tag: '!GetAtt', collection: 'seq', resolve: (seq: YAMLSeq) => ({ 'Fn::GetAtt': seq.toJSON() }) } as CollectionTag,
];

const CUSTOM_TAGS = [...['Ref', 'Condition', ...FUNCTIONS].flatMap(tagsFor), ...getAtt];

/** Where in the template text a problem is, counted from 1. */
export interface TextPosition {
  line: number;
  column: number;
}

export class TemplateError extends Error {
  override name = 'TemplateError';

  constructor(
    message: string,
    readonly position?: TextPosition,
  ) {
    super(message);
  }
}

/** The position a YAML or JSON syntax error names, when it names one. */
export function syntaxErrorPosition(error: unknown): TextPosition | undefined {
  if (error instanceof YAMLParseError && error.linePos)
    return { line: error.linePos[0].line, column: error.linePos[0].col };
  const json = /\(line (\d+) column (\d+)\)/.exec((error as Error).message);
  return json ? { line: Number(json[1]), column: Number(json[2]) } : undefined;
}

/** Parses template text; `source` names it in errors (a path, or "template body"). */
export function parseTemplate(text: string, source = 'template'): Template {
  let data: unknown;
  try {
    data = text.trimStart().startsWith('{')
      ? JSON.parse(text)
      : parse(text, { customTags: CUSTOM_TAGS, uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    throw new TemplateError(
      `${source} is not valid JSON or YAML: ${(error as Error).message.split('\n')[0]}`,
      syntaxErrorPosition(error),
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TemplateError(`${source} is not a CloudFormation template: its top level is not a mapping.`);
  }
  const template = data as Template;
  if (typeof template.Resources !== 'object' || template.Resources === null) {
    throw new TemplateError(`${source} is not a CloudFormation template: it has no Resources section.`);
  }
  return template;
}

/** The line (from 1) where the template declares a parameter, if it does. JSON is read as the YAML it is. */
export function parameterLine(text: string, name: string): number | undefined {
  const parameters = parseDocument(text, { customTags: CUSTOM_TAGS }).get('Parameters', true);
  if (!isMap(parameters)) return undefined;
  const declaration = parameters.items.find((pair) => isScalar(pair.key) && pair.key.value === name);
  const offset = isScalar(declaration?.key) ? declaration.key.range?.[0] : undefined;
  return offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
}
