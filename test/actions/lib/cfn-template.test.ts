import { describe, expect, it } from 'vitest';
import { parseTemplate, TemplateError } from '../../../actions/lib/cfn-template.js';

describe('parseTemplate', () => {
  it('reads short-form intrinsic functions as their long form', () => {
    const template = parseTemplate(`
Parameters:
  Environment: { Type: String, AllowedValues: [dev, prod] }
Conditions:
  IsProd: !Equals [!Ref Environment, prod]
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Condition: IsProd
    Properties:
      BucketName: !Sub '\${AWS::StackName}-artifacts'
      Tags:
        - Key: Arn
          Value: !GetAtt Role.Arn
        - Key: Joined
          Value: !Join ['-', [a, !Select [0, !GetAZs '']]]
        - Key: Mapped
          Value: !If [IsProd, !Ref AWS::NoValue, !Sub ['x-\${Y}', { Y: !ImportValue shared-y }]]
`);
    expect(template.Conditions).toEqual({ IsProd: { 'Fn::Equals': [{ Ref: 'Environment' }, 'prod'] } });
    const bucket = template.Resources.Bucket;
    expect(bucket?.Condition).toBe('IsProd');
    expect(bucket?.Properties?.BucketName).toEqual({ 'Fn::Sub': '${AWS::StackName}-artifacts' });
    expect(bucket?.Properties?.Tags).toEqual([
      { Key: 'Arn', Value: { 'Fn::GetAtt': ['Role', 'Arn'] } },
      { Key: 'Joined', Value: { 'Fn::Join': ['-', ['a', { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] } },
      {
        Key: 'Mapped',
        Value: {
          'Fn::If': [
            'IsProd',
            { Ref: 'AWS::NoValue' },
            { 'Fn::Sub': ['x-${Y}', { Y: { 'Fn::ImportValue': 'shared-y' } }] },
          ],
        },
      },
    ]);
  });

  it('reads JSON templates', () => {
    const template = parseTemplate('{"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}');
    expect(template.Resources.Topic?.Type).toBe('AWS::SNS::Topic');
  });

  it('names the source and the cause of text that is not a template', () => {
    expect(() => parseTemplate('a: [1, 2', 'network.yaml')).toThrow(/^network\.yaml is not valid JSON or YAML: /);
    expect(() => parseTemplate('- 1\n- 2', 'list.yaml')).toThrow(
      'list.yaml is not a CloudFormation template: its top level is not a mapping.',
    );
    expect(() => parseTemplate('Parameters: {}', 'empty.yaml')).toThrow(TemplateError);
    expect(() => parseTemplate('Resources: {A: 1}\nResources: {}', 'dup.yaml')).toThrow(/dup\.yaml is not valid/);
  });
});
