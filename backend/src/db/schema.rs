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
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(users -> organisations (organisation_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_tokens,
    audit_events,
    organisations,
    sessions,
    sign_in_attempts,
    users,
);
