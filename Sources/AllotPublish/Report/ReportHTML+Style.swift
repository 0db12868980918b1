extension ReportHTML {
    /// The page's only stylesheet, inline. Fonts are the reader's own (the
    /// CJK families Windows, macOS and Linux ship), so nothing is fetched.
    /// In print (A4), navigation and colours behind text are dropped and each
    /// supplier's dispatch list starts on a new page; its heading is part of
    /// the table's header, which the browser repeats on every page.
    static let stylesheet = """
        :root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--band:#0b3d66;--accent:#1565c0;--bad:#c62828;--ok:#2e7d32;--warn:#b7791f}
        *{box-sizing:border-box}
        body{margin:0;color:var(--ink);background:#f5f7fa;font:14px/1.5 "Microsoft YaHei","PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei","Source Han Sans SC",system-ui,sans-serif}
        .wrap{max-width:1180px;margin:0 auto;padding:0 24px}
        header.top{background:var(--band);color:#fff;padding:18px 0 14px}
        header.top h1{margin:0;font-size:24px;font-weight:600;letter-spacing:.02em}
        header.top .date{font-weight:400;opacity:.85;margin-left:.4em}
        header.top .policy{margin:4px 0 0;opacity:.8;font-size:13px}
        main{padding-bottom:32px}
        section{background:#fff;border:1px solid var(--line);border-radius:6px;margin:18px 0;padding:16px 20px}
        section.cards{display:flex;gap:12px;background:none;border:0;padding:0;flex-wrap:wrap}
        .cards.small{display:flex;gap:10px;flex-wrap:wrap;margin:8px 0 12px}
        .card{flex:1 1 150px;background:#fff;border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;padding:10px 14px}
        .card.alert{border-left-color:var(--bad)}
        .card .label{color:var(--muted);font-size:12px}
        .card .value{font-size:24px;font-weight:600;font-variant-numeric:tabular-nums}
        .card .detail{color:var(--muted);font-size:12px}
        .cards.small .card .value{font-size:18px}
        nav.toc{margin:14px 0 0;font-size:13px;color:var(--muted)}
        nav.toc a{color:var(--accent);text-decoration:none;margin-right:12px}
        h2{font-size:17px;margin:0 0 10px;padding-bottom:6px;border-bottom:2px solid var(--band);color:var(--band)}
        h3{font-size:15px;margin:14px 0 6px}
        table.grid{width:100%;border-collapse:collapse;font-size:13px;margin:4px 0}
        table.grid th,table.grid td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        table.grid thead th{background:#eef2f7;color:#334e68;font-weight:600;white-space:nowrap}
        table.grid tbody tr:nth-child(even){background:#fafbfc}
        .num{text-align:right!important;font-variant-numeric:tabular-nums;white-space:nowrap}
        .mono,code{font-family:"DejaVu Sans Mono",Consolas,monospace;font-size:12px}
        .code,.sub{color:var(--muted);font-size:11.5px}
        .note{color:var(--muted);font-size:12.5px;margin:6px 0}
        section.banner{border:2px solid var(--bad);background:#fff5f5}
        section.banner h2{color:var(--bad);border-bottom-color:var(--bad)}
        .banner-note{margin:6px 0}
        .badge{display:inline-block;padding:0 6px;border-radius:3px;font-size:11.5px;line-height:18px;border:1px solid;white-space:nowrap}
        .badge.pin,.badge.a-pin{color:#0b3d66;border-color:#0b3d66;background:#e3f2fd}
        .badge.forbid,.badge.a-forbid{color:var(--bad);border-color:var(--bad);background:#ffebee}
        .badge.a-exclude{color:#5f370e;border-color:#b7791f;background:#fffbea}
        .badge.a-cap{color:#3e4c59;border-color:#7b8794;background:#f5f7fa}
        .badge.ok{color:var(--ok);border-color:var(--ok)}
        .badge.failed,.badge.overdue{color:#fff;border-color:var(--bad);background:var(--bad)}
        tr.failed td{color:var(--muted)}
        tr.pinned td{background:#f0f7ff}
        tr.forbidden td{color:var(--bad);text-decoration:line-through;text-decoration-color:rgba(198,40,40,.5)}
        tr.forbidden td .badge{text-decoration:none}
        .reason{font-size:12.5px}
        .r-no_offer_in_reach,.r-deadline_unreachable{color:var(--bad)}
        .r-capped{color:var(--muted)}
        .r-capacity_exhausted{color:var(--warn)}
        td.up{color:var(--ok)} td.down{color:var(--bad)} td.short{color:var(--bad);font-weight:600}
        svg.chart{display:block;max-width:100%;height:auto;margin:6px 0 10px;font-size:13px}
        svg .lbl{fill:var(--ink)} svg .val{fill:var(--muted);font-size:12px} svg .ttl{fill:var(--band);font-weight:600}
        .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:8px 24px}
        .maps{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0 12px}
        svg.map{width:320px;max-width:100%;height:auto;border:1px solid var(--line);background:#fafafa}
        .map-dot{fill:#b0bec5}.map-mark{fill:#c62828;fill-opacity:.5;stroke:#8e0000;stroke-width:.6}
        .map-title{font-size:12px;font-weight:600}.map-legend{font-size:11px}
        article.supplier,article.pass-day{border-top:1px solid var(--line);padding-top:10px;margin-top:16px;content-visibility:auto;contain-intrinsic-size:auto 480px}
        table.grid thead tr.supplier-head th,table.grid thead tr.sheet-head th{background:none;color:var(--ink);font-weight:400;white-space:normal;padding:0 0 6px;border-bottom:0}
        .supplier-name,.sheet-name{font-size:15px;font-weight:600}
        .totals{margin:6px 0 0;font-weight:600}
        .nowrap{white-space:nowrap}
        table.dispatch td.recipient{width:100%}
        table.dispatch td.recipient .address{font-size:12.5px}
        table.dispatch td.recipient .sub{overflow-wrap:anywhere}
        table.grid tbody tr.stop-head th{background:#f5f7fa;color:var(--band);font-weight:600;border-bottom:1px solid var(--band)}
        tr.stop-head .region-name{font-size:13.5px}
        .sign{margin:14px 0 4px;color:var(--muted);font-size:12.5px}
        footer{color:var(--muted);font-size:12px;text-align:center;padding:12px 0 28px}
        @page{size:A4;margin:12mm}
        @media print{
          body{background:#fff;font-size:12px}
          header.top{background:none;color:#000;padding:0 0 6px;border-bottom:2px solid #000}
          nav.toc{display:none}
          section{border:0;padding:0;margin:12px 0;break-inside:auto}
          section.cards{display:none}
          table.grid thead{display:table-header-group}
          table.grid tr{break-inside:avoid}
          table.dispatch{font-size:11.5px}
          table.dispatch th,table.dispatch td{padding:4px 5px}
          tr.stop-head{break-after:avoid}
          article.supplier,article.pass-day{break-before:page;border:0;margin:0;content-visibility:visible}
          tr.pinned td,table.grid tbody tr:nth-child(even){background:none}
        }

        """

    /// Added to `stylesheet` only on a night with earmarked offers, so a night without any gives the same
    /// bytes as before earmarks were shown.
    static let earmarkStylesheet = """
        .badge.earmark{color:#4a148c;border-color:#6a1b9a;background:#f3e5f5}
        td.idle{color:var(--warn);font-weight:600}
        .earmark-terms div{white-space:nowrap}
        .earmark-terms .kind{color:var(--muted);font-size:11.5px;margin-right:.4em}

        """

    /// Added to `stylesheet` only on a night with `[substitutes]` (SPEC 13), so a night without them
    /// gives the same bytes as before substitutes were shown.
    static let substitutionStylesheet = """
        .badge.subst{color:#004d40;border-color:#00897b;background:#e0f2f1}

        """

    /// Added to `stylesheet` only on a night that planned requests again from the work ledger (SPEC 15:
    /// `carry_over`), so a night without them gives the same bytes as before carry-over was shown.
    static let carryOverStylesheet = """
        .badge.carried{color:#5f370e;border-color:#b7791f;background:#fffbea;margin-left:.3em}

        """
}
