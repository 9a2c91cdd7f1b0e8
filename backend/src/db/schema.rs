// @generated automatically by Diesel CLI.

diesel::table! {
    api_tokens (id) {
        id -> Int4,
        token_hash -> Text,
        user_id -> Int4,
        name -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    audit_events (id) {
        id -> Int4,
        actor_id -> Nullable<Int4>,
        action -> Text,
        entity -> Text,
        entity_id -> Nullable<Int4>,
        changes -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    indicator_targets (id) {
        id -> Int4,
        indicator_id -> Int4,
        period -> Text,
        due_date -> Date,
        value -> Float8,
    }
}

diesel::table! {
    indicators (id) {
        id -> Int4,
        node_id -> Int4,
        name -> Text,
        unit -> Text,
        direction -> Text,
        baseline_value -> Float8,
        baseline_date -> Date,
        frequency -> Text,
        data_source -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    measurements (id) {
        id -> Int4,
        indicator_id -> Int4,
        measured_on -> Date,
        value -> Float8,
        note -> Nullable<Text>,
        recorded_by -> Nullable<Int4>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    milestones (id) {
        id -> Int4,
        node_id -> Int4,
        title -> Text,
        due_date -> Date,
        done -> Bool,
    }
}

diesel::table! {
    organisations (id) {
        id -> Int4,
        name -> Text,
        kind -> Text,
        level -> Text,
        territory_code -> Nullable<Text>,
        parent_id -> Nullable<Int4>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_nodes (id) {
        id -> Int4,
        plan_id -> Int4,
        parent_id -> Nullable<Int4>,
        kind -> Text,
        code -> Text,
        title -> Text,
        description -> Text,
        responsible_office -> Nullable<Text>,
        responsible_organisation_id -> Nullable<Int4>,
        weight -> Nullable<Float8>,
        planned_start -> Nullable<Date>,
        planned_end -> Nullable<Date>,
        actual_start -> Nullable<Date>,
        actual_end -> Nullable<Date>,
        budget -> Nullable<Float8>,
        status -> Text,
        progress -> Nullable<Float8>,
        position -> Int4,
        aligned_node_id -> Nullable<Int4>,
        lock_version -> Int4,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    plan_versions (id) {
        id -> Int4,
        plan_id -> Int4,
        number -> Int4,
        snapshot -> Text,
        created_by -> Nullable<Int4>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    plans (id) {
        id -> Int4,
        title -> Text,
        summary -> Text,
        owner_organisation_id -> Int4,
        period_start -> Date,
        period_end -> Date,
        status -> Text,
        parent_plan_id -> Nullable<Int4>,
        lock_version -> Int4,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Int4,
        token_hash -> Text,
        user_id -> Int4,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    sign_in_attempts (id) {
        id -> Int4,
        subject_hash -> Text,
        succeeded -> Bool,
        attempted_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Int4,
        email -> Text,
        display_name -> Text,
        password_hash -> Text,
        organisation_id -> Nullable<Int4>,
        role -> Text,
        locale -> Nullable<Text>,
        age_band -> Nullable<Text>,
        gender -> Nullable<Text>,
        territory_code -> Nullable<Text>,
        deleted_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(audit_events -> users (actor_id));
diesel::joinable!(indicator_targets -> indicators (indicator_id));
diesel::joinable!(indicators -> plan_nodes (node_id));
diesel::joinable!(measurements -> indicators (indicator_id));
diesel::joinable!(measurements -> users (recorded_by));
diesel::joinable!(milestones -> plan_nodes (node_id));
diesel::joinable!(plan_nodes -> organisations (responsible_organisation_id));
diesel::joinable!(plan_nodes -> plans (plan_id));
diesel::joinable!(plan_versions -> plans (plan_id));
diesel::joinable!(plan_versions -> users (created_by));
diesel::joinable!(plans -> organisations (owner_organisation_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(users -> organisations (organisation_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    audit_events,
    indicator_targets,
    indicators,
    measurements,
    milestones,
    organisations,
    plan_nodes,
    plan_versions,
    plans,
    sessions,
    sign_in_attempts,
    users,
);
