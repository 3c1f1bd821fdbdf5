{#- How well our numbers agree with the vendor's, per metric. -#}

select
    metric,
    count(*) as tickets,
    count(is_match) as compared,
    count(*) filter (where is_match) as matching,
    count(*) filter (where is_match) / nullif(count(is_match), 0) as match_share,
    -- in whole microseconds (a count's whole units are exact too): avg() of doubles depends on the order
    {{ mean_minutes('abs(difference)') }} as mean_abs_difference,
    max(abs(difference)) as max_abs_difference
from {{ ref('fct_vendor_metric_reconciliation') }}
group by metric
