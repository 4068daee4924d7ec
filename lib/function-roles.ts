import { Lazy, Stack, type RemovalPolicy, type ResourceEnvironment } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, Dependable, type IConstruct } from 'constructs';

/**
 * One IAM role per distinct access, shared by the functions that are granted exactly the same
 * thing. A role per function cost two resources each (role and default policy) and took the stack
 * towards CloudFormation's 500, while many routes differ from another only by their handler (the
 * WeChat-calling routes over accounts and tokens, the reply-rule writes…).
 *
 * Each function is built with its own {@link FunctionAccess}, a stand-in role that records what
 * the function is granted, by our code (`bindTable`, `allowMail`, …) and by CDK's own (`grantRead`,
 * an SQS event source, tracing, an async-invoke destination). Once every grant is made, {@link
 * FunctionRoles.build} groups the functions by the canonical content of what they were granted
 * (managed policies and resolved statements) and makes one role per group, its statements inline
 * (one resource, not two). Functions share a role only when their grants are equal, so each still
 * holds exactly what its own route's `access` derives. A grant after `build` throws.
 */
export class FunctionRoles extends Construct {
  private readonly members: FunctionAccess[] = [];
  private built = false;

  /** The stand-in role of one function (a child `Access` of `scope`); `name` names a role it is the first of. */
  accessFor(scope: Construct, name: string): FunctionAccess {
    if (this.built) throw new Error(`${scope.node.path}: a function was added after the shared roles were made`);
    const access = new FunctionAccess(scope, 'Access', name);
    this.members.push(access);
    return access;
  }

  /** Makes the roles; call once, after every grant (last in the stack's constructor). */
  build(): void {
    if (this.built) throw new Error('FunctionRoles.build() ran twice');
    this.built = true;
    const stack = Stack.of(this);
    const groups = new Map<string, FunctionAccess[]>();
    for (const member of this.members) {
      const key = member.canonical(stack);
      groups.set(key, [...(groups.get(key) ?? []), member]);
    }
    for (const group of groups.values()) {
      const [first] = group as [FunctionAccess];
      const role = new iam.Role(this, first.name, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `socialinzen: ${group.map((m) => m.node.scope!.node.id).join(', ')}`.slice(0, 1000),
        managedPolicies: first.managedPolicies,
        ...(first.statements.length
          ? { inlinePolicies: { access: new iam.PolicyDocument({ statements: first.statements }) } }
          : {}),
      });
      for (const member of group) member.use(role);
    }
  }

  /** Which functions (construct paths) share which role (construct path): for checks and review. */
  get sharing(): Record<string, string[]> {
    const result: Record<string, string[]> = {};
    for (const member of this.members) (result[member.role.node.path] ??= []).push(member.node.scope!.node.path);
    return result;
  }
}

const sortedKeys = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(sortedKeys)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortedKeys(v)]))
      : value;

/**
 * A function's role as the function and CDK's grants see it: it records the grants and stands for
 * the shared role {@link FunctionRoles.build} picks (ARN, name and dependencies resolve to it at
 * synthesis). Adds nothing to the template itself.
 */
export class FunctionAccess extends Construct implements iam.IRole {
  readonly statements: iam.PolicyStatement[] = [];
  readonly managedPolicies: iam.IManagedPolicy[] = [];
  readonly grantPrincipal: iam.IPrincipal = this;
  readonly assumeRoleAction = 'sts:AssumeRole';
  readonly stack: Stack;
  readonly env: ResourceEnvironment;
  readonly roleArn = Lazy.string({ produce: () => this.role.roleArn });
  readonly roleName = Lazy.string({ produce: () => this.role.roleName });
  private shared?: iam.Role;

  constructor(
    scope: Construct,
    id: string,
    readonly name: string,
  ) {
    super(scope, id);
    this.stack = Stack.of(this);
    this.env = { account: this.stack.account, region: this.stack.region };
    // What depends on this role (the function, an event source mapping after its grant) depends on the shared one.
    const access = this;
    Dependable.implement(this, {
      get dependencyRoots(): IConstruct[] {
        return [access.role];
      },
    });
  }

  get role(): iam.Role {
    if (!this.shared) throw new Error(`${this.node.path}: the shared roles were never made (FunctionRoles.build())`);
    return this.shared;
  }

  get roleRef(): iam.RoleReference {
    return { roleArn: this.roleArn, roleName: this.roleName };
  }

  get policyFragment(): iam.PrincipalPolicyFragment {
    return new iam.ArnPrincipal(this.roleArn).policyFragment;
  }

  get principalAccount(): string {
    return this.stack.account;
  }

  /** @internal by FunctionRoles.build */
  use(role: iam.Role): void {
    this.shared = role;
  }

  /** Everything granted, with tokens resolved and keys sorted: equal strings, equal access. */
  canonical(stack: Stack): string {
    const statements = [...new Set(this.statements.map((s) => JSON.stringify(sortedKeys(stack.resolve(s.toStatementJson())))))].sort();
    const managed = [...new Set(this.managedPolicies.map((p) => JSON.stringify(stack.resolve(p.managedPolicyArn))))].sort();
    return JSON.stringify({ managed, statements });
  }

  addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    this.assertOpen();
    this.statements.push(statement);
    return { statementAdded: true, policyDependable: this };
  }

  addManagedPolicy(policy: iam.IManagedPolicy): void {
    this.assertOpen();
    this.managedPolicies.push(policy);
  }

  attachInlinePolicy(policy: iam.Policy): void {
    throw new Error(`${this.node.path}: attach ${policy.node.path} as statements (addToPrincipalPolicy), so the role can be shared`);
  }

  grant(grantee: iam.IPrincipal, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.roleArn], scope: this });
  }

  grantPassRole(grantee: iam.IPrincipal): iam.Grant {
    return this.grant(grantee, 'iam:PassRole');
  }

  grantAssumeRole(grantee: iam.IPrincipal): iam.Grant {
    return this.grant(grantee, 'sts:AssumeRole');
  }

  applyRemovalPolicy(_policy: RemovalPolicy): void {
    throw new Error(`${this.node.path}: a shared role's removal policy is the same for all its functions`);
  }

  private assertOpen(): void {
    if (this.shared) throw new Error(`${this.node.path}: granted after the shared roles were made; grant before FunctionRoles.build()`);
  }
}
