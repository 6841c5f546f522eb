// Evaluates a template for one set of parameter values, as CloudFormation would at deploy time: conditions,
// Fn::If, Fn::FindInMap, Ref, Fn::Join/Split/Select/Sub. References to resources, and to parameters given no
// value (filled from other stacks' outputs at deploy time), stay symbolic ("<Name>").
import type { Template } from '../../actions/lib/cfn-template.js';

const NO_VALUE = Symbol('AWS::NoValue');
const PSEUDO: Record<string, string> = {
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::Partition': 'aws',
  'AWS::StackName': 'stack',
  'AWS::URLSuffix': 'amazonaws.com',
};

export class ResolvedTemplate {
  private readonly conditions = new Map<string, boolean>();

  constructor(
    readonly template: Template,
    private readonly supplied: Record<string, string>,
  ) {}

  /** The parameter's value: supplied, else its default; list types become arrays. */
  parameter(name: string): string | string[] {
    const declared = this.template.Parameters?.[name];
    if (!declared) throw new Error(`The template has no parameter ${name}.`);
    const raw = this.supplied[name] ?? declared.Default;
    if (raw === undefined) throw new Error(`Parameter ${name} has no value and no default.`);
    const text = String(raw);
    return declared.Type.startsWith('List<') || declared.Type === 'CommaDelimitedList' ? text.split(',') : text;
  }

  condition(name: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`The template has no condition ${name}.`);
    const value = this.value(definition);
    if (typeof value !== 'boolean') throw new Error(`Condition ${name} does not evaluate to true or false.`);
    this.conditions.set(name, value);
    return value;
  }

  /** Logical ids of the resources this parameter set creates. */
  existingResources(): string[] {
    return Object.entries(this.template.Resources)
      .filter(([, resource]) => resource.Condition === undefined || this.condition(resource.Condition))
      .map(([id]) => id);
  }

  /** The node with every function it can evaluate evaluated. */
  value(node: unknown): unknown {
    const result = this.evaluate(node);
    return result === NO_VALUE ? undefined : result;
  }

  private evaluate(node: unknown): unknown {
    if (Array.isArray(node)) return node.map((item) => this.evaluate(item)).filter((item) => item !== NO_VALUE);
    if (typeof node !== 'object' || node === null) return node;
    const entries = Object.entries(node);
    const [key, argument] = entries[0] ?? [];
    if (entries.length === 1 && key !== undefined && (key === 'Ref' || key === 'Condition' || key.startsWith('Fn::'))) {
      return this.call(key, argument);
    }
    return Object.fromEntries(entries.map(([name, value]) => [name, this.evaluate(value)]));
  }

  private call(fn: string, argument: unknown): unknown {
    const args = Array.isArray(argument) ? argument : [argument];
    switch (fn) {
      case 'Ref':
        return this.ref(String(argument));
      case 'Condition':
        return this.condition(String(argument));
      case 'Fn::If':
        return this.evaluate(this.condition(String(args[0])) ? args[1] : args[2]);
      case 'Fn::Equals':
        return String(this.evaluate(args[0])) === String(this.evaluate(args[1]));
      case 'Fn::Not':
        return !this.evaluate(args[0]);
      case 'Fn::And':
        return args.every((item) => this.evaluate(item) === true);
      case 'Fn::Or':
        return args.some((item) => this.evaluate(item) === true);
      case 'Fn::Join':
        return (this.evaluate(args[1]) as unknown[]).join(String(args[0]));
      case 'Fn::Split':
        return String(this.evaluate(args[1])).split(String(args[0]));
      case 'Fn::Select':
        return (this.evaluate(args[1]) as unknown[])[Number(this.evaluate(args[0]))];
      case 'Fn::FindInMap':
        return this.findInMap(args.map((item) => String(this.evaluate(item))));
      case 'Fn::Sub':
        return this.sub(args[0] as string, (args[1] ?? {}) as Record<string, unknown>);
      default:
        return { [fn]: argument };
    }
  }

  private ref(name: string): unknown {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in PSEUDO) return PSEUDO[name];
    const declared = this.template.Parameters?.[name];
    // A parameter filled at deploy time from another stack's outputs stays symbolic, like a resource.
    if (declared && (this.supplied[name] !== undefined || declared.Default !== undefined)) return this.parameter(name);
    return `<${name}>`;
  }

  private findInMap([map, top, second]: string[]): unknown {
    const value = (this.template.Mappings as Record<string, Record<string, Record<string, unknown>>> | undefined)?.[
      map ?? ''
    ]?.[top ?? '']?.[second ?? ''];
    if (value === undefined) throw new Error(`Mapping ${map}.${top}.${second} does not exist.`);
    return value;
  }

  private sub(text: string, variables: Record<string, unknown>): string {
    return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
      const value = name in variables ? this.evaluate(variables[name]) : this.ref(name);
      return Array.isArray(value) ? value.join(',') : String(value);
    });
  }
}
