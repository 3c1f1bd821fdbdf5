{#- Vendors name channels differently; every name maps to one of
    email, chat, phone, web, social, api, other (the original is kept as channel_raw). -#}
{% macro normalize_channel(column) -%}
    {%- set aliases = {
        'email': ['email', 'e-mail', 'e_mail', 'mail'],
        'chat': ['chat', 'live_chat', 'livechat', 'live chat', 'messaging', 'native_messaging', 'chat_transcript', 'sms'],
        'phone': ['phone', 'voice', 'call', 'phone_call', 'telephone', 'voicemail'],
        'web': ['web', 'web_form', 'webform', 'web form', 'form', 'portal', 'help_center', 'web_widget', 'feedback_widget'],
        'social': ['social', 'twitter', 'x', 'facebook', 'instagram', 'whatsapp', 'linkedin', 'social_media', 'any_channel'],
        'api': ['api'],
    } -%}
    case
        {%- for channel, names in aliases.items() %}
        when lower(trim({{ column }})) in ({% for name in names %}'{{ name }}'{% if not loop.last %}, {% endif %}{% endfor %}) then '{{ channel }}'
        {%- endfor %}
        else 'other'
    end
{%- endmacro %}
