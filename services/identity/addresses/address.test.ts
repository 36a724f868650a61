import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { BuiltService } from "@tessera/chassis/service";
import { MESSAGES } from "@tessera/identity-fragments/messages";
import { eq, sql } from "drizzle-orm";
import { addresses, auditLog, users } from "../db/schema.ts";
import { asUser, buildIdentity, FORM, JSON_FORM, newShopper, postForm } from "../test-support.ts";

let service: BuiltService;
beforeAll(async () => {
  service = await buildIdentity();
}, 60_000);
afterAll(() => service.close());

const db = () => service.ctx.database.db;
const HOME = {
  name: "Ann Example",
  street: "Hauptstraße 1",
  postcode: "10115",
  city: "Berlin",
  country: "de",
};

/** Registers a shopper and answers their id. */
async function registered(): Promise<string> {
  const shopper = newShopper();
  await postForm(service, "/account/register", shopper);
  const [user] = await db().select().from(users).where(eq(users.email, shopper.email));
  return user?.id as string;
}

const addressChanges = (userId: string) =>
  db()
    .select()
    .from(auditLog)
    .where(eq(auditLog.userId, userId))
    .then((rows) => rows.filter((r) => r.action === "address.changed"));

const accountPage = async (userId: string, query = "") =>
  (await service.app.request(`/fragments/account-page${query}`, { headers: await asUser(userId) })).text();

describe("identity — the delivery address", () => {
  test("a valid address - saved, shown on the account page and audited with old → new city/country", async () => {
    const id = await registered();
    const first = await postForm(service, "/account/address", HOME, { ...FORM, ...(await asUser(id)) });
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/account");
    const [row] = await db().select().from(addresses).where(eq(addresses.userId, id));
    expect(row).toMatchObject({ street: "Hauptstraße 1", postcode: "10115", city: "Berlin", country: "DE" });
    const page = await accountPage(id);
    expect(page).toContain(
      '<address data-address="saved">Ann Example<br>Hauptstraße 1<br>10115 Berlin<br>Germany</address>',
    );

    const moved = { ...HOME, street: "Rue de Rivoli 5", postcode: "75001", city: "Paris", country: "FR" };
    const second = await postForm(service, "/account/address", moved, {
      ...JSON_FORM,
      ...(await asUser(id)),
    });
    expect(second.status).toBe(200);
    expect((await second.json()).address).toMatchObject({ city: "Paris", country: "FR" });
    const changes = await addressChanges(id);
    expect(changes.map((c) => c.detail)).toEqual(["none → Berlin, DE", "Berlin, DE → Paris, FR"]);
    expect(changes.every((c) => !c.detail?.includes("Rivoli"))).toBe(true);

    const ops = await service.app.request(`/ops/audit?user=${id}`, {
      headers: await asUser(id, ["operator"]),
    });
    const items = (await ops.json()).items as { action: string; detail: string | null }[];
    expect(items[0]).toMatchObject({ action: "address.changed", detail: "Berlin, DE → Paris, FR" });
  });

  test("the audit entry cannot be written - the address is not saved either (one transaction)", async () => {
    const id = await registered();
    await db().execute(sql`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit refused for the test'; END; $$`);
    await db().execute(
      sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()`,
    );
    try {
      const response = await postForm(service, "/account/address", HOME, {
        ...JSON_FORM,
        ...(await asUser(id)),
      });
      expect(response.status).toBe(500);
    } finally {
      await db().execute(sql`DROP TRIGGER refuse_audit ON audit_log`);
      await db().execute(sql`DROP FUNCTION refuse_audit()`);
    }
    expect(await db().select().from(addresses).where(eq(addresses.userId, id))).toEqual([]);
  });

  test("an invalid address - nothing written; the form comes back with the message and what was typed", async () => {
    const id = await registered();
    const bad = { ...HOME, name: "Ann Typed", postcode: "!!", country: "ZZ" };
    const response = await postForm(service, "/account/address", bad, { ...FORM, ...(await asUser(id)) });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toStartWith("/account?");
    expect(await db().select().from(addresses).where(eq(addresses.userId, id))).toEqual([]);
    expect(await addressChanges(id)).toEqual([]);

    const page = await accountPage(id, location.slice("/account".length));
    expect(page).toContain(MESSAGES.postcodeInvalid);
    expect(page).toContain(
      'id="address-postcode" name="postcode" type="text" autocomplete="shipping postal-code" required value="!!"',
    );
    expect(page).toContain('aria-invalid="true"');
    expect(new URLSearchParams(location.slice("/account?".length)).get("recipient")).toBe("Ann Typed");
    expect(page).toContain('name="name" type="text" autocomplete="shipping name" required value="Ann Typed"');
    expect(page).toContain('data-address="none"');

    const json = await postForm(service, "/account/address", bad, { ...JSON_FORM, ...(await asUser(id)) });
    expect(json.status).toBe(422);
    expect(json.headers.get("content-type")).toStartWith("application/problem+json");
    const problem = await json.json();
    expect(problem.detail).toContain(`body.postcode: ${MESSAGES.postcodeInvalid}`);
    expect(problem.detail).toContain(`body.country: ${MESSAGES.countryInvalid}`);
    expect(await addressChanges(id)).toEqual([]);
  });

  test("nobody signed in - refused (401 for JSON, the sign-in page for a form), nothing written", async () => {
    const before = await db().select().from(addresses);
    const json = await postForm(service, "/account/address", HOME, JSON_FORM);
    expect(json.status).toBe(401);
    const form = await postForm(service, "/account/address", HOME, FORM);
    expect(form.status).toBe(303);
    expect(form.headers.get("location")).toBe("/account/login?returnTo=/account");
    expect(await db().select().from(addresses)).toEqual(before);
  });

  test("another user - changes only their own address and never sees someone else's", async () => {
    const ann = await registered();
    const bob = await registered();
    await postForm(service, "/account/address", HOME, { ...FORM, ...(await asUser(ann)) });
    const bobs = {
      ...HOME,
      name: "Bob",
      street: "Main Street 9",
      postcode: "SW1A 1AA",
      city: "London",
      country: "GB",
    };
    await postForm(service, "/account/address", bobs, { ...FORM, ...(await asUser(bob)) });

    const [annRow] = await db().select().from(addresses).where(eq(addresses.userId, ann));
    expect(annRow?.city).toBe("Berlin");
    const bobPage = await accountPage(bob);
    expect(bobPage).toContain("London");
    expect(bobPage).not.toContain("Hauptstraße");
    expect((await addressChanges(ann)).length).toBe(1);
  });
});
