//! Names every variant of a command enum through an exhaustive match, so that a new
//! variant breaks the build until the strategies cover it.

macro_rules! variants {
    ($command:ident { $($variant:ident),* $(,)? }) => {
        /// Every variant of the enum, by name.
        pub const VARIANTS: &[&str] = &[$(stringify!($variant)),*];

        /// The name of `command`'s variant.
        pub fn variant(command: &$command) -> &'static str {
            match command {
                $($command::$variant(_) => stringify!($variant),)*
            }
        }
    };
}
