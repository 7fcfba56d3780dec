// What a TypeScript client of the web sample writes, typed by the types openapi-typescript generates from the document
// (generated/api.d.ts, made by check.sh). `tsc --strict` must accept every line, and reject each line that follows an
// expect-error directive (a directive with nothing to reject is itself an error): the document types our fields exactly.
import type { components, paths } from "./generated/api";

type Schemas = components["schemas"];

// Values read back from an incident: identifiers are strings, nullable ones string | null, a list of them string[].
export const complained: Schemas["ComplainedPartyView"] = { person: "ma.chao", department: null };
export const links: Pick<Schemas["IncidentView"], "duplicateOf" | "duplicates" | "level"> = {
  duplicateOf: "0193d3f4-9a51-7c4e-8b00-000000000001",
  duplicates: ["0193d3f4-9a51-7c4e-8b00-000000000002"],
  level: null,
};
export const assessment: Schemas["AssessmentRequest"] = { level: "II", scope: "Individual", potentialRisk: "Low", rationale: "One caller." };

// An assessment's level is one of the four, never null.
// @ts-expect-error level null is not a level
export const noLevel: Schemas["AssessmentRequest"] = { level: null, scope: "Individual", potentialRisk: "Low", rationale: "One caller." };
// @ts-expect-error V is not a level
export const badLevel: Schemas["SeverityLevel"] = "V";

// Numbers are numbers, not number | string.
// @ts-expect-error a version is a number
export const version: Schemas["IncidentView"]["version"] = "3";

// Problem details carry their code (and the trace id, the reasons, a query's errors) as typed members.
export const problem: Schemas["ProblemDetails"] = {
  status: 409,
  code: "incident.open_directives",
  traceId: "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
  details: [{ code: "authority.denied", message: "Not yours to approve.", details: null }],
  errors: { state: ["'Open' is not a state."] },
};
export function codeOf(p: Schemas["ProblemDetails"]): string {
  return p.code;
}

// Every status the API answers with, including 415 (a body that is not JSON) and 500, arrives as problem details.
type Assess = paths["/incidents/{id}/assessment"]["post"];
export const unsupported: Assess["responses"][415]["content"]["application/problem+json"] = problem;
export const failed: Assess["responses"][500]["content"]["application/problem+json"] = problem;

// Readiness and statistics: the JSON view typed, the Markdown and CSV forms text.
type Statistics = paths["/statistics"]["get"];
export function total(s: Statistics["responses"][200]["content"]["application/json"]): number {
  return s.total;
}
export const csv: Statistics["responses"][200]["content"]["text/csv"] = "kind,count\n";
export const markdown: paths["/readiness"]["get"]["responses"][200]["content"]["text/markdown"] = "# Readiness\n";
type Readiness = paths["/readiness"]["get"];
export function gaps(r: Readiness["responses"][200]["content"]["application/json"]): number {
  return r.gaps.length;
}

// Query parameters: the filters are arrays of their enums, the format and language a closed set.
type Query = NonNullable<paths["/statistics"]["get"]["parameters"]["query"]>;
export const query: Query = { state: ["Reported", "Assessed"], level: ["I"], format: "csv", lang: "zh-CN", reportedFrom: "2026-03-01T00:00:00Z" };
// @ts-expect-error Open is not a state
export const badState: Query = { state: ["Open"] };
// @ts-expect-error pdf is not a format
export const badFormat: Query = { format: "pdf" };
