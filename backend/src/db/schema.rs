// @generated automatically by Diesel CLI.

diesel::table! {
    api_tokens (id) {
        id -> Int4,
        token_hash -> Text,
        user_id -> Int4,
        name -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        scope -> Text,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    attachments (id) {
        id -> Int4,
        parent_kind -> Text,
        parent_id -> Int4,
        title -> Text,
        lang -> Text,
        file_name -> Text,
        media_type -> Text,
        size_bytes -> Int8,
        sha256 -> Text,
        content -> Binary,
        uploaded_by -> Int4,
        created_at -> Timestamp,
        updated_at -> Timestamp,
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
    consultation_invites (id) {
        id -> Int4,
        consultation_id -> Int4,
        organisation_id -> Int4,
    }
}

diesel::table! {
    consultations (id) {
        id -> Int4,
        plan_id -> Int4,
        title -> Text,
        description -> Text,
        opens_at -> Timestamp,
        closes_at -> Timestamp,
        audience -> Text,
        comments_enabled -> Bool,
        proposals_enabled -> Bool,
        supports_per_person -> Int4,
        points_per_person -> Int4,
        created_by -> Nullable<Int4>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        contribution_count -> Int4,
        revision -> Int4,
    }
}

diesel::table! {
    contributions (id) {
        id -> Int4,
        consultation_id -> Int4,
        kind -> Text,
        node_id -> Nullable<Int4>,
        parent_id -> Nullable<Int4>,
        author_id -> Int4,
        organisation_id -> Nullable<Int4>,
        title -> Nullable<Text>,
        body -> Text,
        hidden_reason -> Nullable<Text>,
        hidden_by -> Nullable<Int4>,
        hidden_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        support_count -> Int4,
        edited_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        amends_title -> Nullable<Text>,
        amends_description -> Nullable<Text>,
    }
}

diesel::table! {
    contribution_edits (id) {
        id -> Int4,
        contribution_id -> Int4,
        title -> Nullable<Text>,
        body -> Text,
        written_at -> Timestamp,
        replaced_at -> Timestamp,
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
    follows (id) {
        id -> Int4,
        user_id -> Int4,
        consultation_id -> Nullable<Int4>,
        contribution_id -> Nullable<Int4>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    notifications (id) {
        id -> Int4,
        user_id -> Int4,
        kind -> Text,
        payload -> Text,
        read_at -> Nullable<Timestamp>,
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
        time_zone -> Text,
    }
}

diesel::table! {
    outbox (id) {
        id -> Int4,
        user_id -> Int4,
        subject -> Text,
        body -> Text,
        created_at -> Timestamp,
        sent_at -> Nullable<Timestamp>,
        notification_id -> Nullable<Int4>,
        attempts -> Int4,
        next_attempt_at -> Nullable<Timestamp>,
        given_up_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
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
        origin_contribution_id -> Nullable<Int4>,
        amendment_id -> Nullable<Int4>,
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
        start_tolerance_days -> Int4,
    }
}

diesel::table! {
    practice_adoptions (id) {
        id -> Int4,
        practice_id -> Int4,
        organisation_id -> Int4,
        declared_by -> Nullable<Int4>,
        adopted_on -> Date,
        context -> Text,
        outcome -> Text,
        status -> Text,
        decided_by -> Nullable<Int4>,
        decided_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    practice_node_links (id) {
        id -> Int4,
        practice_id -> Int4,
        node_id -> Int4,
        linked_by -> Nullable<Int4>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    practice_ratings (id) {
        id -> Int4,
        practice_id -> Int4,
        user_id -> Int4,
        stars -> Int4,
        review -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    practice_sdgs (id) {
        id -> Int4,
        practice_id -> Int4,
        sdg -> Int4,
    }
}

diesel::table! {
    practice_tags (id) {
        id -> Int4,
        practice_id -> Int4,
        tag -> Text,
    }
}

diesel::table! {
    practice_text_changes (id) {
        id -> Int4,
        practice_id -> Int4,
        lang -> Text,
        texts -> Text,
        proposed_by -> Int4,
        created_at -> Timestamp,
    }
}

diesel::table! {
    practice_texts (id) {
        id -> Int4,
        practice_id -> Int4,
        lang -> Text,
        title -> Text,
        summary -> Text,
        problem -> Text,
        solution -> Text,
        results -> Text,
        lessons -> Text,
        conditions -> Text,
        how_to_use -> Text,
    }
}

diesel::table! {
    practices (id) {
        id -> Int4,
        slug -> Text,
        owner_organisation_id -> Int4,
        status -> Text,
        original_language -> Text,
        level -> Nullable<Text>,
        policy_area -> Nullable<Text>,
        innovation_stage -> Nullable<Text>,
        launch_year -> Nullable<Int4>,
        licence -> Nullable<Text>,
        country -> Nullable<Text>,
        territory_code -> Nullable<Text>,
        contact -> Nullable<Text>,
        links -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        review_comment -> Nullable<Text>,
        submitted_at -> Nullable<Timestamp>,
        published_at -> Nullable<Timestamp>,
        adoption_count -> Int4,
        rating_count -> Int4,
        rating_sum -> Int4,
    }
}

diesel::table! {
    password_resets (id) {
        id -> Int4,
        user_id -> Int4,
        token_hash -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    priority_allocations (id) {
        id -> Int4,
        consultation_id -> Int4,
        user_id -> Int4,
        node_id -> Int4,
        points -> Int4,
        updated_at -> Timestamp,
        organisation_id -> Nullable<Int4>,
    }
}

diesel::table! {
    priority_tallies (consultation_id, node_id, organisation_key) {
        consultation_id -> Int4,
        node_id -> Int4,
        organisation_key -> Int4,
        points -> Int4,
        people -> Int4,
    }
}

diesel::table! {
    reports (id) {
        id -> Int4,
        contribution_id -> Int4,
        reporter_id -> Int4,
        reason -> Text,
        resolved -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    responses (id) {
        id -> Int4,
        contribution_id -> Int4,
        status -> Text,
        body -> Text,
        node_id -> Nullable<Int4>,
        responder_id -> Nullable<Int4>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    server_keys (name) {
        name -> Text,
        secret -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Int4,
        token_hash -> Text,
        user_id -> Int4,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        last_seen_at -> Timestamp,
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
    supports (id) {
        id -> Int4,
        contribution_id -> Int4,
        user_id -> Int4,
        created_at -> Timestamp,
        organisation_id -> Nullable<Int4>,
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
        email_frequency -> Text,
        unsubscribe_token -> Nullable<Text>,
        digest_sent_at -> Nullable<Timestamp>,
    }
}

diesel::joinable!(api_tokens -> users (user_id));
diesel::joinable!(follows -> users (user_id));
diesel::joinable!(audit_events -> users (actor_id));
diesel::joinable!(consultation_invites -> consultations (consultation_id));
diesel::joinable!(consultation_invites -> organisations (organisation_id));
diesel::joinable!(consultations -> plans (plan_id));
diesel::joinable!(consultations -> users (created_by));
diesel::joinable!(contribution_edits -> contributions (contribution_id));
diesel::joinable!(contributions -> consultations (consultation_id));
diesel::joinable!(contributions -> organisations (organisation_id));
diesel::joinable!(indicator_targets -> indicators (indicator_id));
diesel::joinable!(indicators -> plan_nodes (node_id));
diesel::joinable!(measurements -> indicators (indicator_id));
diesel::joinable!(measurements -> users (recorded_by));
diesel::joinable!(milestones -> plan_nodes (node_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(outbox -> users (user_id));
diesel::joinable!(password_resets -> users (user_id));
diesel::joinable!(plan_nodes -> contributions (origin_contribution_id));
diesel::joinable!(plan_nodes -> organisations (responsible_organisation_id));
diesel::joinable!(plan_nodes -> plans (plan_id));
diesel::joinable!(plan_versions -> plans (plan_id));
diesel::joinable!(plan_versions -> users (created_by));
diesel::joinable!(plans -> organisations (owner_organisation_id));
diesel::joinable!(practice_adoptions -> organisations (organisation_id));
diesel::joinable!(practice_adoptions -> practices (practice_id));
diesel::joinable!(practice_node_links -> plan_nodes (node_id));
diesel::joinable!(practice_node_links -> practices (practice_id));
diesel::joinable!(practice_node_links -> users (linked_by));
diesel::joinable!(practice_ratings -> practices (practice_id));
diesel::joinable!(practice_ratings -> users (user_id));
diesel::joinable!(practice_sdgs -> practices (practice_id));
diesel::joinable!(practice_tags -> practices (practice_id));
diesel::joinable!(attachments -> users (uploaded_by));
diesel::joinable!(practice_text_changes -> practices (practice_id));
diesel::joinable!(practice_text_changes -> users (proposed_by));
diesel::joinable!(practice_texts -> practices (practice_id));
diesel::joinable!(practices -> organisations (owner_organisation_id));
diesel::joinable!(priority_allocations -> consultations (consultation_id));
diesel::joinable!(priority_allocations -> plan_nodes (node_id));
diesel::joinable!(priority_allocations -> users (user_id));
diesel::joinable!(reports -> contributions (contribution_id));
diesel::joinable!(reports -> users (reporter_id));
diesel::joinable!(responses -> contributions (contribution_id));
diesel::joinable!(responses -> plan_nodes (node_id));
diesel::joinable!(responses -> users (responder_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(supports -> contributions (contribution_id));
diesel::joinable!(supports -> users (user_id));
diesel::joinable!(users -> organisations (organisation_id));

diesel::allow_tables_to_appear_in_same_query!(
    attachments,
    api_tokens,
    audit_events,
    consultation_invites,
    consultations,
    contribution_edits,
    contributions,
    follows,
    indicator_targets,
    indicators,
    measurements,
    milestones,
    notifications,
    organisations,
    outbox,
    password_resets,
    plan_nodes,
    plan_versions,
    plans,
    practice_adoptions,
    practice_node_links,
    practice_ratings,
    practice_sdgs,
    practice_tags,
    practice_text_changes,
    practice_texts,
    practices,
    priority_allocations,
    priority_tallies,
    reports,
    responses,
    server_keys,
    sessions,
    sign_in_attempts,
    supports,
    users,
);
