//! virsh's help: `help`, `help GROUP`, `help COMMAND` and the command list of `-h`, in virsh
//! 9.0's words and layout, for the commands this virsh has (a table per virsh group, in virsh's
//! order; the groups with none of ours are left out).

mod domain;
mod host;
mod interface;
mod monitor;
mod network;
mod pool;
mod snapshot;
mod virsh;
mod volume;

pub struct Help {
    pub name: &'static str,
    /// The line in the group lists and after the name.
    pub brief: &'static str,
    /// What follows the name in SYNOPSIS.
    pub synopsis: &'static str,
    /// Lines, empty for none.
    pub description: &'static str,
    /// (how the option is written, what it does)
    pub options: &'static [(&'static str, &'static str)],
}

pub struct Group {
    pub title: &'static str,
    pub keyword: &'static str,
    pub commands: &'static [Help],
}

static GROUPS: &[&Group] = &[
    &domain::GROUP,
    &monitor::GROUP,
    &host::GROUP,
    &interface::GROUP,
    &network::GROUP,
    &snapshot::GROUP,
    &pool::GROUP,
    &volume::GROUP,
    &virsh::GROUP,
];

fn print_group_commands(g: &Group) {
    for h in g.commands {
        println!("    {:<30} {}", h.name, h.brief);
    }
}

/// `help` without a name.
pub fn print_all() {
    println!("Grouped commands:\n");
    for g in GROUPS {
        println!(" {} (help keyword '{}'):", g.title, g.keyword);
        print_group_commands(g);
        println!();
    }
}

/// The command list after `-h`'s options.
pub fn print_usage_list() {
    println!();
    for g in GROUPS {
        println!(" {} (help keyword '{}')", g.title, g.keyword);
        print_group_commands(g);
        println!();
    }
    println!("\n  (specify help <group> for details about the commands in the group)\n");
    println!("  (specify help <command> for details about the command)\n");
}

/// `help NAME`: a group by keyword or title, else a command; false when neither exists.
pub fn print_topic(name: &str) -> bool {
    if let Some(g) = GROUPS.iter().find(|g| g.keyword == name || g.title == name) {
        println!(" {} (help keyword '{}'):", g.title, g.keyword);
        print_group_commands(g);
        return true;
    }
    let Some(h) = GROUPS
        .iter()
        .flat_map(|g| g.commands.iter())
        .find(|h| h.name == name)
    else {
        return false;
    };
    println!("  NAME\n    {} - {}\n", h.name, h.brief);
    let sep = if h.synopsis.is_empty() { "" } else { " " };
    println!("  SYNOPSIS\n    {}{sep}{}\n", h.name, h.synopsis);
    if !h.description.is_empty() {
        println!("  DESCRIPTION");
        for line in h.description.lines() {
            if line.is_empty() {
                println!();
            } else {
                println!("    {line}");
            }
        }
        println!();
    }
    if !h.options.is_empty() {
        println!("  OPTIONS");
        for (label, text) in h.options {
            println!("    {label:<15}  {text}");
        }
        println!();
    }
    true
}

#[cfg(test)]
mod tests {
    /// Every command has its help, and help names no command we lack.
    #[test]
    fn a_help_per_command() {
        let mut ours: Vec<&str> = crate::TABLE
            .iter()
            .flat_map(|g| g.iter().map(|c| c.name))
            .collect();
        let mut helped: Vec<&str> = super::GROUPS
            .iter()
            .flat_map(|g| g.commands.iter().map(|h| h.name))
            .collect();
        ours.sort_unstable();
        helped.sort_unstable();
        assert_eq!(ours, helped);
    }
}
