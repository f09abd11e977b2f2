import { useCallback, useEffect, useId, useState } from "react";
import { Field, MessageBar, MessageBarBody, Select, Spinner, Tab, TabList, Title2, makeStyles, tokens } from "@fluentui/react-components";
import type { ApiClient } from "../graphql/client.js";
import { ADMIN_ASSEMBLIES, type AdminAssembly } from "../graphql/documents.js";
import { hasRole, useSession } from "../features/session.js";
import { useI18n } from "../i18n/i18n.js";
import { ErrorBar } from "../components/common.js";
import { useAdminStyles } from "../components/admin/adminCommon.js";
import { RosterSection } from "../components/admin/RosterSection.js";
import { RolesSection } from "../components/admin/RolesSection.js";
import { AssemblySection } from "../components/admin/AssemblySection.js";
import { MeetingsSection } from "../components/admin/MeetingsSection.js";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, minWidth: 0 },
  picker: { maxWidth: "32rem" },
  tabs: { flexWrap: "wrap" },
});

type Section = "roster" | "roles" | "assembly" | "meetings";
const SECTION_LABEL = { roster: "sectionRoster", roles: "sectionRoles", assembly: "sectionAssembly", meetings: "sectionMeetings" } as const;

/** What the user may do in an assembly: ADMIN changes everything; CLERK the roster and the meetings. */
export interface Access {
  readonly admin: boolean;
  readonly staff: boolean;
}

export interface AdminData {
  readonly assemblies: readonly AdminAssembly[];
  readonly access: ReadonlyMap<string, Access>;
}

/** The assemblies and what the user may do in each (their roles there today; the server still decides). */
async function load(api: ApiClient): Promise<AdminData> {
  const { assemblies } = await api.request<{ assemblies: AdminAssembly[] }>(ADMIN_ASSEMBLIES);
  const access = new Map(
    assemblies.map((a): [string, Access] => {
      const admin = a.viewerRoles.includes("ADMIN");
      return [a.id, { admin, staff: admin || a.viewerRoles.includes("CLERK") }];
    }),
  );
  return { assemblies, access };
}

/**
 * Administration (issue 9) for an assembly's admins and clerks: the roster and its versions (import
 * from a file, a member resigning, corrections), roles and the presidium, the assembly's settings
 * and new assemblies, and meetings with their agendas. `meetingId`: the meeting in view elsewhere
 * in the tab, whose assembly is picked first.
 */
export function AdminPage({ meetingId }: { meetingId: string | null }) {
  const styles = useStyles();
  const adminStyles = useAdminStyles();
  const { t } = useI18n();
  const { api, viewer } = useSession();
  const [data, setData] = useState<AdminData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [section, setSection] = useState<Section>("roster");
  const panelId = useId();

  const reload = useCallback(async () => {
    try {
      setData(await load(api));
      setError(null);
    } catch (failure) {
      setError(t("errorPrefix", { message: failure instanceof Error ? failure.message : String(failure) }));
    }
    // The language does not change what is loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, viewer]);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (!data) return error ? <ErrorBar error={error} /> : <Spinner label={t("loading")} />;
  const mine = data.assemblies.filter((a) => data.access.get(a.id)?.staff);
  const assembly =
    mine.find((a) => a.id === picked) ?? mine.find((a) => meetingId !== null && a.meetings.some((m) => m.id === meetingId)) ?? mine[0] ?? null;
  const access = assembly ? (data.access.get(assembly.id) ?? { admin: false, staff: false }) : { admin: false, staff: false };
  // Creating an assembly is for admins (of any assembly), who may have none of their own yet.
  const installationAdmin = hasRole(viewer, "ADMIN");
  const sections: Section[] = assembly
    ? (["roster", "roles", "assembly", "meetings"] as const).filter((s) => s !== "assembly" || access.admin || installationAdmin)
    : installationAdmin
      ? ["assembly"]
      : [];
  const shown = sections.includes(section) ? section : (sections[0] ?? null);

  const handleCreated = async (id: string) => {
    await reload();
    setPicked(id);
  };

  return (
    <div className={styles.page}>
      <Title2 as="h1" className={adminStyles.heading}>
        {t("adminTitle")}
      </Title2>
      <ErrorBar error={error} />
      {mine.length === 0 ? (
        <MessageBar intent="info">
          <MessageBarBody>{t("adminNoAssemblies")}</MessageBarBody>
        </MessageBar>
      ) : (
        <Field label={t("adminAssembly")} className={styles.picker}>
          <Select className={adminStyles.full} select={{ className: adminStyles.select }} value={assembly?.id ?? ""} onChange={(_e, d) => setPicked(d.value)}>
            {mine.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name} ({a.id})
              </option>
            ))}
          </Select>
        </Field>
      )}
      {shown && (
        <>
          <TabList className={styles.tabs} aria-label={t("adminSections")} selectedValue={shown} onTabSelect={(_e, d) => setSection(d.value as Section)}>
            {sections.map((s) => (
              <Tab key={s} id={`${panelId}-${s}`} value={s} aria-controls={panelId} className={adminStyles.control}>
                {t(SECTION_LABEL[s])}
              </Tab>
            ))}
          </TabList>
          <div role="tabpanel" id={panelId} aria-labelledby={`${panelId}-${shown}`} className={adminStyles.section}>
            {shown === "roster" && assembly && <RosterSection key={assembly.id} assembly={assembly} onChanged={reload} />}
            {shown === "roles" && assembly && (
              <RolesSection key={assembly.id} assembly={assembly} grants={assembly.roleGrants} admin={access.admin} onChanged={reload} />
            )}
            {shown === "assembly" && (
              <AssemblySection assembly={assembly && access.admin ? assembly : null} canCreate={installationAdmin} onChanged={reload} onCreated={handleCreated} />
            )}
            {shown === "meetings" && assembly && <MeetingsSection key={assembly.id} assembly={assembly} meetingId={meetingId} onChanged={reload} />}
          </div>
        </>
      )}
    </div>
  );
}
