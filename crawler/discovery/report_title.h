// Report titles: whether a list item's title names a 政府信息公开 annual report, and its year.
//
// A title is a report's when it names 政府信息公开 (or 政务公开) and an annual report (年度报告,
// 年报, 工作报告) and a year (2023年, 2023年度, 二〇二三年, or a bare 2023). Notices *about*
// reports are not reports, whatever they attach: titles with 关于, 通知, 培训, 推进会, 工作要点,
// 模板, 报送, 编制, 会议, 方案 are refused first (关于报送2023年度…年度报告的通知 names a report
// and a year, but is a circular). The year comes from the title, never from the URL or the list
// date: a migration re-dates pages (a 2018 report at 202101/t20210129_….shtml).
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string_view>

namespace xxgk::crawl {

// The report's year when `title` names an annual report of 政府信息公开, else nullopt.
std::optional<int> AnnualReportYear(std::string_view title);

// The first year (1990–2099) `text` names: "2023年", "2023年度", "二〇二三年" / "二零二三年", or a
// bare 4-digit 19xx/20xx not inside a longer number; nullopt if none.
std::optional<int> YearIn(std::string_view text);

// Whether `text` names an annual-report column (政府信息公开年报, 年度报告, 公开年报, 信息公开年报,
// 工作年报, …): the link text that leads from 政府信息公开 to the column.
bool IsReportColumnName(std::string_view text);

// Whether `text` names the 政府信息公开 section or an entry into it (政府信息公开, 信息公开,
// 政务公开, 法定主动公开内容, 政府信息公开目录), not a page about it (指南, 制度, 申请, 规定, …).
bool IsOpennessName(std::string_view text);

}  // namespace xxgk::crawl
