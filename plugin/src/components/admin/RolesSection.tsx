import { useId, useState, type FormEvent } from "react";
import {
  Badge,
  Button,
  Card,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from "@fluentui/react-components";
import { GRANT_ROLE, REVOKE_ROLE, SET_PRESIDIUM, type AdminAssembly, type GrantableRole, type Role, type RoleGrantView } from "../../graphql/documents.js";
import { rosterOn, rosterOrder } from "../../features/admin.js";
import { useSession } from "../../features/session.js";
import { useI18n, type Translate } from "../../i18n/i18n.js";
import { ErrorBar } from "../common.js";
import { Announce, FormHeading, requiredState, useAdminAction, useAdminStyles } from "./adminCommon.js";

const GRANTABLE = ["CLERK", "ADMIN", "OBSERVER"] as const satisfies readonly GrantableRole[];
const MAX_VICE_CHAIRS = 5;

function roleName(role: Role, t: Translate): string {
  return t(`role_${role}`);
}

function isGrantable(role: Role): role is GrantableRole {
  return (GRANTABLE as readonly Role[]).includes(role);
}

/**
 * Roles (Roller): who holds which granted role, with revoke buttons, and a grant form; the presidium
 * (chair and vice chairs) from the members holding seats. Only an admin changes them; a clerk sees them.
 */
export function RolesSection({
  assembly,
  grants,
  admin,
  onChanged,
}: {
  assembly: AdminAssembly;
  grants: readonly RoleGrantView[] | null;
  admin: boolean;
  onChanged: () => Promise<void>;
}) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  return (
    <div className={styles.section}>
      {!admin && (
        <MessageBar intent="info">
          <MessageBarBody>{t("rolesReadOnly")}</MessageBarBody>
        </MessageBar>
      )}
      <Card>
        <Grants assembly={assembly} grants={grants} admin={admin} onChanged={onChanged} />
      </Card>
      <div className={styles.grid}>
        {admin && (
          <Card>
            <GrantForm assembly={assembly} onChanged={onChanged} />
          </Card>
        )}
        <Card>
          <PresidiumForm assembly={assembly} admin={admin} onChanged={onChanged} />
        </Card>
      </div>
    </div>
  );
}

function Grants({ assembly, grants, admin, onChanged }: { assembly: AdminAssembly; grants: readonly RoleGrantView[] | null; admin: boolean; onChanged: () => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  // The demo gives members MEMBER and CHAIR as grants; those follow from the roster and the presidium.
  const listed = (grants ?? []).filter((g) => g.roles.some(isGrantable));

  const handleRevoke = (grant: RoleGrantView, role: GrantableRole) =>
    void action.run(
      async () => {
        await api.request(REVOKE_ROLE, { a: assembly.id, u: grant.userId, r: role });
        await onChanged();
      },
      () => t("revoked", { name: grant.displayName, role: roleName(role, t) }),
    );

  // The table's scrolling region carries the heading's name.
  return (
    <div className={styles.section}>
      <FormHeading id={headingId} level={2}>
        {t("grantsTitle")}
      </FormHeading>
      {grants === null ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t("grantsUnavailable")}</MessageBarBody>
        </MessageBar>
      ) : listed.length === 0 ? (
        <Text>{t("noGrants")}</Text>
      ) : (
        <div className={styles.scroll} role="region" aria-labelledby={headingId} tabIndex={0}>
          <Table className={styles.table} size="small">
            <TableHeader>
              <TableRow>
                {(["colName", "colSignIn", "colRoles"] as const).map((key) => (
                  <TableHeaderCell key={key} scope="col">
                    {t(key)}
                  </TableHeaderCell>
                ))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {listed.map((g) => (
                <TableRow key={g.userId}>
                  <TableCell>{g.displayName}</TableCell>
                  <TableCell>{g.userId}</TableCell>
                  <TableCell>
                    <span className={styles.row}>
                      {g.roles.filter(isGrantable).map((role) =>
                        admin ? (
                          <Button
                            key={role}
                            className={styles.control}
                            disabled={action.busy}
                            aria-label={t("revokeNamed", { role: roleName(role, t), name: g.displayName })}
                            title={t("revokeNamed", { role: roleName(role, t), name: g.displayName })}
                            onClick={() => handleRevoke(g, role)}
                          >
                            {roleName(role, t)} ✕
                          </Button>
                        ) : (
                          <Badge key={role} appearance="tint">
                            {roleName(role, t)}
                          </Badge>
                        ),
                      )}
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
    </div>
  );
}

function GrantForm({ assembly, onChanged }: { assembly: AdminAssembly; onChanged: () => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [signIn, setSignIn] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<GrantableRole>("CLERK");
  const [submitted, setSubmitted] = useState(false);

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (signIn.trim() === "" || name.trim() === "") return;
    const who = name.trim();
    const done = await action.run(
      async () => {
        await api.request(GRANT_ROLE, { a: assembly.id, s: signIn.trim(), n: who, r: role });
        await onChanged();
      },
      () => t("granted", { name: who, role: roleName(role, t) }),
    );
    if (done === null) return;
    setSignIn("");
    setName("");
    setSubmitted(false);
  };

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("grantTitle")}
      </FormHeading>
      <Field label={t("grantSignIn")} hint={t("grantSignInHint")} required {...requiredState(submitted, signIn.trim() === "", t)}>
        <Input className={styles.control} value={signIn} onChange={(_e, d) => setSignIn(d.value)} />
      </Field>
      <Field label={t("personName")} required {...requiredState(submitted, name.trim() === "", t)}>
        <Input className={styles.control} value={name} onChange={(_e, d) => setName(d.value)} />
      </Field>
      <Field label={t("grantRole")}>
        <Select className={styles.full} select={{ className: styles.select }} value={role} onChange={(_e, d) => setRole(GRANTABLE.find((r) => r === d.value) ?? "CLERK")}>
          {GRANTABLE.map((r) => (
            <option key={r} value={r}>
              {roleName(r, t)}
            </option>
          ))}
        </Select>
      </Field>
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
      <div>
        <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy}>
          {t("grantSubmit")}
        </Button>
      </div>
    </form>
  );
}

/** The chair and the vice chairs in order, from the members holding seats in the furthest roster version (as the server checks). */
function PresidiumForm({ assembly, admin, onChanged }: { assembly: AdminAssembly; admin: boolean; onChanged: () => Promise<void> }) {
  const styles = useAdminStyles();
  const { t } = useI18n();
  const { api } = useSession();
  const headingId = useId();
  const action = useAdminAction();
  const [chair, setChair] = useState(assembly.presidium.chair?.id ?? "");
  const [vice, setVice] = useState<string[]>(assembly.presidium.viceChairs.map((m) => m.id));
  const members = rosterOrder(rosterOn(assembly.rosters, "9999-12-31")?.members ?? []).filter((m) => m.kind === "ORDINARY");
  const chosen = [chair, ...vice].filter((id) => id !== "");
  const duplicate = new Set(chosen).size !== chosen.length;

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (duplicate) return;
    await action.run(
      async () => {
        await api.request(SET_PRESIDIUM, { a: assembly.id, c: chair === "" ? null : chair, v: vice.filter((id) => id !== "") });
        await onChanged();
      },
      () => t("presidiumSaved"),
    );
  };

  const options = (
    <>
      <option value="">{t("nobodyOption")}</option>
      {members.map((m) => (
        <option key={m.id} value={m.id}>
          {t("seatMember", { seat: m.seat ?? "", name: m.name, party: m.party })}
        </option>
      ))}
    </>
  );

  return (
    <form className={styles.form} onSubmit={(e) => void handleSubmit(e)} aria-labelledby={headingId} noValidate>
      <FormHeading id={headingId} level={2}>
        {t("presidiumTitle")}
      </FormHeading>
      <Text>{t("presidiumHelp")}</Text>
      <Field label={t("presidiumChair")}>
        <Select className={styles.full} select={{ className: styles.select }} value={chair} disabled={!admin} onChange={(_e, d) => setChair(d.value)}>
          {options}
        </Select>
      </Field>
      {vice.map((id, i) => (
        <div key={i} className={styles.row}>
          <Field label={t("viceChair", { n: i + 1 })} className={styles.full}>
            <Select className={styles.full} select={{ className: styles.select }} value={id} disabled={!admin} onChange={(_e, d) => setVice((v) => v.map((x, j) => (j === i ? d.value : x)))}>
              {options}
            </Select>
          </Field>
          {admin && (
            <Button className={styles.control} onClick={() => setVice((v) => v.filter((_x, j) => j !== i))}>
              {t("removeViceChair", { n: i + 1 })}
            </Button>
          )}
        </div>
      ))}
      {duplicate && <ErrorBar error={t("presidiumDuplicate")} />}
      <ErrorBar error={action.error} />
      <Announce message={action.done} />
      {admin && (
        <div className={styles.row}>
          <Button className={styles.control} disabled={vice.length >= MAX_VICE_CHAIRS} onClick={() => setVice((v) => [...v, ""])}>
            {t("addViceChair")}
          </Button>
          <Button className={styles.control} type="submit" appearance="primary" disabled={action.busy || duplicate}>
            {t("savePresidium")}
          </Button>
        </div>
      )}
    </form>
  );
}
