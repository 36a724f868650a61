CREATE TABLE "read_models" (
	"name" text PRIMARY KEY NOT NULL,
	"consumer" text NOT NULL,
	"rebuilt_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stores" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"street" text NOT NULL,
	"postal_code" text NOT NULL,
	"city" text NOT NULL,
	"country" text NOT NULL,
	"phone" text NOT NULL,
	"hours" jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "product_name" text;--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "category_name" text;--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "color" text;--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "color_name" text;--> statement-breakpoint
CREATE INDEX "listings_product_idx" ON "listings" USING btree ("product_id");