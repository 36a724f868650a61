CREATE TABLE "exception_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"service" text NOT NULL,
	"release" text NOT NULL,
	"message" text NOT NULL,
	"stack" text,
	"url" text,
	"trace_id" text,
	"span_id" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "exception_groups" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"service" text NOT NULL,
	"type" text NOT NULL,
	"message" text NOT NULL,
	"top_frame" text,
	"count" integer NOT NULL,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"first_release" text NOT NULL,
	"last_release" text NOT NULL,
	"last_trace_id" text,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "log_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"service" text NOT NULL,
	"version" text,
	"level" text NOT NULL,
	"level_num" integer NOT NULL,
	"msg" text NOT NULL,
	"trace_id" text,
	"span_id" text,
	"line" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "spans" (
	"seq" bigserial NOT NULL,
	"trace_id" text NOT NULL,
	"span_id" text NOT NULL,
	"parent_span_id" text,
	"name" text NOT NULL,
	"service" text NOT NULL,
	"kind" text NOT NULL,
	"start_us" bigint NOT NULL,
	"duration_us" bigint NOT NULL,
	"status" text NOT NULL,
	"status_message" text,
	"attributes" jsonb NOT NULL,
	"events" jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spans_trace_id_span_id_pk" PRIMARY KEY("trace_id","span_id")
);
--> statement-breakpoint
CREATE INDEX "exception_events_fingerprint_idx" ON "exception_events" USING btree ("fingerprint","occurred_at");--> statement-breakpoint
CREATE INDEX "exception_events_trace_idx" ON "exception_events" USING btree ("trace_id");--> statement-breakpoint
CREATE INDEX "exception_groups_last_seen_idx" ON "exception_groups" USING btree ("last_seen");--> statement-breakpoint
CREATE INDEX "log_lines_time_idx" ON "log_lines" USING btree ("time");--> statement-breakpoint
CREATE INDEX "log_lines_trace_idx" ON "log_lines" USING btree ("trace_id");--> statement-breakpoint
CREATE INDEX "log_lines_service_time_idx" ON "log_lines" USING btree ("service","time");--> statement-breakpoint
CREATE INDEX "spans_seq_idx" ON "spans" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "spans_start_idx" ON "spans" USING btree ("start_us");